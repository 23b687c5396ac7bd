/// A style in the terminal's terms: colour numbers (-1 = default) and attributes.
public struct TerminalStyle: Sendable, Hashable {
    public var foreground: Int16
    public var background: Int16
    public var attributes: TextAttributes

    public init(foreground: Int16, background: Int16, attributes: TextAttributes) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}
