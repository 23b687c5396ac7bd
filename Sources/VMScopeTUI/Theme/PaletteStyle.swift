/// How one `ThemeRole` looks: colours (nil = the terminal's default) and attributes when the
/// terminal has colour, and `monochrome` attributes when it has none or `NO_COLOR` is set.
public struct PaletteStyle: Sendable, Hashable {
    public var foreground: PaletteColor?
    public var background: PaletteColor?
    public var attributes: TextAttributes
    public var monochrome: TextAttributes

    public init(foreground: PaletteColor? = nil, background: PaletteColor? = nil,
                attributes: TextAttributes = [], monochrome: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.monochrome = monochrome
    }

    /// What to ask the terminal for, given what it can do: 24-bit where it can, else the
    /// nearest of 256, else the nearest of 16 (8 plus bold), else the monochrome attributes.
    public func resolved(for capability: ColorCapability) -> TerminalStyle {
        switch capability {
        case .none:
            return TerminalStyle(foreground: -1, background: -1, attributes: monochrome)
        case .direct:
            return TerminalStyle(foreground: foreground?.direct ?? -1, background: background?.direct ?? -1,
                                 attributes: attributes)
        case .extended256:
            return TerminalStyle(foreground: foreground.map { Int32($0.xterm256) } ?? -1,
                                 background: background.map { Int32($0.xterm256) } ?? -1, attributes: attributes)
        case .basic16:
            return TerminalStyle(foreground: foreground.map { Int32($0.basic16) } ?? -1,
                                 background: background.map { Int32($0.basic16) } ?? -1, attributes: attributes)
        case .basic8:
            // Bright colours do not exist: the normal colour, made bold, is how 8-colour
            // terminals have always shown them.
            var attributes = attributes
            var fg: Int32 = -1, bg: Int32 = -1
            if let basic = foreground?.basic16 {
                fg = Int32(basic % 8)
                if basic >= 8 { attributes.insert(.bold) }
            }
            if let basic = background?.basic16 { bg = Int32(basic % 8) }
            if fg >= 0, fg == bg { attributes.insert(.reverse) } // never invisible text
            return TerminalStyle(foreground: fg, background: bg, attributes: attributes)
        }
    }
}
