/// How much colour the terminal (and the user) allows.
public enum ColorCapability: Sendable, Hashable {
    /// Attributes only: no colour support, or `NO_COLOR` set (https://no-color.org).
    case none
    case basic8
    case basic16
    case extended256

    /// `noColor` is the value of `NO_COLOR`: any non-empty value turns colour off.
    public static func detect(hasColors: Bool, colors: Int, noColor: String?) -> ColorCapability {
        if let noColor, !noColor.isEmpty { return .none }
        guard hasColors, colors >= 8 else { return .none }
        if colors >= 256 { return .extended256 }
        if colors >= 16 { return .basic16 }
        return .basic8
    }
}
