/// The xterm 256-colour palette and nearest-colour search over it (`RGBColor.distance`): how a
/// 24-bit theme colour degrades on terminals with 256 or 16 colours.
public enum XtermColors {
    /// xterm's defaults for the 16 ANSI colours (0-7 normal, 8-15 bright). Terminals let users
    /// change these, so they are only a reference for choosing the nearest one.
    static let ansi: [RGBColor] = [
        0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
        0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
    ].map { RGBColor(packed: $0) }

    /// The channel levels of the 6×6×6 cube (indexes 16-231).
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The colour xterm shows for palette `index`.
    public static func rgb(ofIndex index: UInt8) -> RGBColor {
        switch index {
        case 0..<16:
            return ansi[Int(index)]
        case 16..<232:
            let cube = Int(index) - 16
            return RGBColor(red: cubeLevels[cube / 36], green: cubeLevels[cube / 6 % 6], blue: cubeLevels[cube % 6])
        default:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return RGBColor(red: level, green: level, blue: level)
        }
    }

    private static let extendedLab: [(index: UInt8, color: OKLab)] = (16...255).map { (UInt8($0), OKLab(rgb(ofIndex: UInt8($0)))) }
    private static let basicLab: [(index: UInt8, color: OKLab)] = (0..<16).map { (UInt8($0), OKLab(ansi[$0])) }

    /// The nearest of palette entries 16-255 (the cube and the grey ramp).
    public static func nearestExtended(to color: RGBColor) -> UInt8 {
        nearest(to: color, among: extendedLab)
    }

    /// The nearest of the 16 ANSI colours, by xterm's defaults.
    public static func nearestBasic(to color: RGBColor) -> UInt8 {
        nearest(to: color, among: basicLab)
    }

    /// Ties go to the lower index, so results do not depend on iteration details.
    private static func nearest(to color: RGBColor, among candidates: [(index: UInt8, color: OKLab)]) -> UInt8 {
        let target = OKLab(color)
        var best = candidates[0]
        var bestDistance = target.distance(to: best.color)
        for candidate in candidates.dropFirst() {
            let distance = target.distance(to: candidate.color)
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best.index
    }
}
