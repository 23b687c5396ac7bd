/// One colour, given twice: as an xterm 256-colour index for terminals with `COLORS >= 256`,
/// and as the nearest of the 16 basic colours (0-7 normal, 8-15 bright) for the rest.
public struct PaletteColor: Sendable, Hashable {
    public var xterm256: Int16
    public var basic: Int16

    public init(_ xterm256: Int16, basic: Int16) {
        self.xterm256 = xterm256
        self.basic = basic
    }
}
