/// A style in the terminal's terms: colour numbers (-1 = default) and attributes. Numbers are
/// palette indexes, or 0xRRGGBB on a direct-colour (24-bit) terminal.
public struct TerminalStyle: Sendable, Hashable {
    public var foreground: Int32
    public var background: Int32
    public var attributes: TextAttributes

    public init(foreground: Int32, background: Int32, attributes: TextAttributes) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}
