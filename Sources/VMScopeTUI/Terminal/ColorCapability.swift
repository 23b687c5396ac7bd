/// How much colour the terminal (and the user) allows.
public enum ColorCapability: Sendable, Hashable {
    /// Attributes only: no colour support, or `NO_COLOR` set (https://no-color.org).
    case none
    case basic8
    case basic16
    case extended256
    /// 24-bit colour: the terminfo entry takes 0xRRGGBB colour numbers (`xterm-direct` and the
    /// other `*-direct` entries, which say `colors#0x1000000` and `RGB`).
    case direct

    /// Colour numbers at or above this mean direct colour; below it they index a palette.
    public static let directColorCount = 0x100_0000

    /// `colors` is the terminfo entry's (ncurses' `COLORS`); `noColor` is the value of
    /// `NO_COLOR`: any non-empty value turns colour off.
    public static func detect(hasColors: Bool, colors: Int, noColor: String?) -> ColorCapability {
        if let noColor, !noColor.isEmpty { return .none }
        guard hasColors, colors >= 8 else { return .none }
        if colors >= directColorCount { return .direct }
        if colors >= 256 { return .extended256 }
        if colors >= 16 { return .basic16 }
        return .basic8
    }

    /// Terminfo entries to try before `term` because the terminal says it shows 24-bit colour
    /// (`COLORTERM=truecolor` or `24bit`) while `term` cannot say so: ncurses draws direct colour
    /// only through an entry built for it, which ncurses names `<terminal>-direct`
    /// (`xterm-256color` → `xterm-direct`, `tmux-256color` → `tmux-direct`). Inside tmux
    /// (`tmux` set) a `screen*` TERM is tmux's default, and tmux itself reads 24-bit colour, so
    /// `tmux-direct` is tried too. Entries that do not exist are skipped by the caller; Debian
    /// ships them in the ncurses-term package.
    public static func directColorCandidates(term: String?, colorTerm: String?, tmux: String?) -> [String] {
        guard let term, !term.isEmpty, !term.contains("direct"),
              let colorTerm, ["truecolor", "24bit"].contains(colorTerm.lowercased()) else { return [] }
        var stem = Substring(term)
        for suffix in ["-256color", "-88color", "-16color", "-color"] where stem.hasSuffix(suffix) {
            stem = stem.dropLast(suffix.count)
            break
        }
        var candidates = [String(stem) + "-direct"]
        // xterm-kitty → kitty-direct
        if stem.hasPrefix("xterm-") { candidates.append(String(stem.dropFirst("xterm-".count)) + "-direct") }
        if let tmux, !tmux.isEmpty, stem.hasPrefix("screen") || stem.hasPrefix("tmux") {
            candidates.append("tmux-direct")
        }
        var unique: [String] = []
        for candidate in candidates where !unique.contains(candidate) { unique.append(candidate) }
        return unique
    }
}
