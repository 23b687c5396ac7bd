/// One terminal cell: a character and the role that colours it. A wide character occupies its
/// cell and the next, which holds `Cell.continuation`.
public struct Cell: Sendable, Hashable {
    public var character: Character
    public var role: ThemeRole
    public var bold: Bool
    public var reverse: Bool

    public init(_ character: Character = " ", role: ThemeRole = .normal, bold: Bool = false, reverse: Bool = false) {
        self.character = character
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    public static let blank = Cell()
    /// The right half of a double-width character: the backend skips it.
    public static let continuation = Cell("\u{0}")

    /// Whether this is the right half of a wide character, whatever its style: a highlight
    /// restyles whole rows, and a restyled right half is still not a character of its own.
    public var isContinuation: Bool { character == Self.continuation.character }
}
