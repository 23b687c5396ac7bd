/// One colour as a theme gives it: a 24-bit colour or an xterm palette index, and optionally
/// the ANSI colour 16- and 8-colour terminals show instead of the nearest one (themes write
/// `["#00d787", "green"]`). The backend degrades it to what the terminal can show
/// (`PaletteStyle.resolved(for:)`).
public struct PaletteColor: Sendable, Hashable {
    public enum Shade: Sendable, Hashable {
        /// One of the xterm 256 colours: 0-15 are the terminal's own ANSI colours (whatever the
        /// user configured), 16-231 the 6×6×6 cube, 232-255 the grey ramp.
        case indexed(UInt8)
        /// A 24-bit colour, `#rrggbb` in theme files.
        case rgb(RGBColor)
    }

    public var shade: Shade
    /// 0-15: what 16- and 8-colour terminals show instead of the nearest of their 16, when the
    /// nearest would lose a distinction the theme needs (two hues that land on one ANSI colour).
    public var basicOverride: UInt8?

    public init(_ shade: Shade, basicOverride: UInt8? = nil) {
        self.shade = shade
        self.basicOverride = basicOverride.map { min($0, 15) }
    }

    public static func indexed(_ index: UInt8) -> PaletteColor { PaletteColor(.indexed(index)) }
    public static func rgb(_ color: RGBColor) -> PaletteColor { PaletteColor(.rgb(color)) }

    /// The colour as 24 bits: itself, or the xterm default for a palette index.
    public var rgb: RGBColor {
        switch shade {
        case .indexed(let index): XtermColors.rgb(ofIndex: index)
        case .rgb(let color): color
        }
    }

    /// The colour on a 256-colour terminal. A 24-bit colour becomes the nearest of 16-231 and
    /// 232-255: those are the same on every xterm-compatible terminal, while 0-15 follow the
    /// user's settings and could be anything.
    public var xterm256: UInt8 {
        switch shade {
        case .indexed(let index): index
        case .rgb(let color): XtermColors.nearestExtended(to: color)
        }
    }

    /// The colour on a 16-colour terminal: 0-7 normal, 8-15 bright.
    public var basic16: UInt8 {
        if let basicOverride { return basicOverride }
        if case .indexed(let index) = shade, index < 16 { return index }
        return XtermColors.nearestBasic(to: rgb)
    }

    /// The colour number for a direct-colour (24-bit) terminfo entry such as `xterm-direct`,
    /// whose `setaf` reads 0-7 as the ANSI colours and everything else as 0xRRGGBB.
    public var direct: Int32 {
        // The user's own ANSI colour, as the theme asked.
        if case .indexed(let index) = shade, index < 8 { return Int32(index) }
        // 0x000000-0x000007 would be taken for ANSI colours; 0x000008 looks the same black.
        return max(rgb.packed, 8)
    }
}
