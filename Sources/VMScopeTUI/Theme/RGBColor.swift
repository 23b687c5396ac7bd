import Glibc

/// A 24-bit sRGB colour.
public struct RGBColor: Sendable, Hashable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From 0xRRGGBB.
    public init(packed: Int) {
        self.init(red: UInt8((packed >> 16) & 0xFF), green: UInt8((packed >> 8) & 0xFF), blue: UInt8(packed & 0xFF))
    }

    /// 0xRRGGBB.
    public var packed: Int32 { Int32(red) << 16 | Int32(green) << 8 | Int32(blue) }

    /// `#rrggbb`, as theme files write it.
    public var description: String {
        let hex = String(packed, radix: 16)
        return "#" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    /// How different two colours look: squared distance in OKLab (Björn Ottosson's perceptual
    /// colour space, https://bottosson.github.io/posts/oklab/), with the colour difference
    /// (a, b) counted twice as much as the lightness difference.
    ///
    /// Why the weight: the palettes searched are coarse (16 colours far apart), and plain
    /// distance then judges mostly by lightness, so a light grey landed on xterm's cyan and a
    /// salmon on grey. Counting colour double keeps every grey grey (tested for all 256 levels)
    /// and pale colours on their hue. Plain RGB distance fails the same way, worse.
    public func distance(to other: RGBColor) -> Double {
        OKLab(self).distance(to: OKLab(other))
    }
}

/// A colour in OKLab: L lightness, a green-red, b blue-yellow.
struct OKLab: Sendable {
    var lightness: Double
    var a: Double
    var b: Double

    init(_ color: RGBColor) {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        let r = linear(color.red), g = linear(color.green), b = linear(color.blue)
        let l = cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b)
        let m = cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b)
        let s = cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b)
        lightness = 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s
        a = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s
        self.b = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s
    }

    /// See `RGBColor.distance(to:)` for the weight.
    func distance(to other: OKLab) -> Double {
        let dl = lightness - other.lightness, da = a - other.a, db = b - other.b
        return dl * dl + 2 * (da * da + db * db)
    }
}
