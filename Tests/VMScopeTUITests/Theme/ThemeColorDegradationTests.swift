import Testing
@testable import VMScopeTUI

/// 24-bit theme colours on terminals with less: the nearest of 256, the nearest of 16.
@Suite struct ThemeColorDegradationTests {
    private func rgb(_ packed: Int) -> RGBColor { RGBColor(packed: packed) }

    @Test func thePaletteIsXterms() {
        #expect(XtermColors.rgb(ofIndex: 9) == rgb(0xff0000))
        #expect(XtermColors.rgb(ofIndex: 16) == rgb(0x000000))
        #expect(XtermColors.rgb(ofIndex: 196) == rgb(0xff0000))
        #expect(XtermColors.rgb(ofIndex: 208) == rgb(0xff8700))
        #expect(XtermColors.rgb(ofIndex: 231) == rgb(0xffffff))
        #expect(XtermColors.rgb(ofIndex: 232) == rgb(0x080808))
        #expect(XtermColors.rgb(ofIndex: 255) == rgb(0xeeeeee))
    }

    @Test(arguments: [
        (0xff0000, 196, 9), // pure red: the cube's red, bright red
        (0xfe0101, 196, 9),
        (0x00ff00, 46, 10),
        (0xffff00, 226, 11),
        (0x0000ff, 21, 4), // xterm's blue is #0000ee, nearer than bright blue #5c5cff
        (0x800000, 88, 1), // dark red: #870000, and red rather than black
        (0xff8700, 208, 9), // orange: exact in 256; of the 16, bright red is nearer than yellows
        (0x5f87af, 67, 8), // steel blue: exact; grey rather than a saturated blue
        (0x00d787, 42, 2), // spring green: green, not cyan
        (0xff5f5f, 203, 9), // salmon stays red, not grey
        (0xd0d0d0, 252, 7), // light grey stays grey, not cyan
        (0xffffff, 231, 15),
        (0x000000, 16, 0),
    ])
    func knownColours(packed: Int, extended: Int, basic: Int) {
        #expect(XtermColors.nearestExtended(to: rgb(packed)) == UInt8(extended), "\(rgb(packed))")
        #expect(XtermColors.nearestBasic(to: rgb(packed)) == UInt8(basic), "\(rgb(packed))")
    }

    /// A colour that is in the palette maps to itself (16-255 for 256 colours, 0-15 for 16).
    @Test func paletteColoursMapToThemselves() {
        for index in 16...255 {
            #expect(XtermColors.nearestExtended(to: XtermColors.rgb(ofIndex: UInt8(index))) == UInt8(index))
        }
        for index in 0..<16 {
            #expect(XtermColors.nearestBasic(to: XtermColors.rgb(ofIndex: UInt8(index))) == UInt8(index))
        }
    }

    /// Every grey stays a grey: the grey ramp (or the cube's greys) on 256, black/grey/white
    /// on 16.
    @Test func greysMapToGreys() {
        for level in 0...255 {
            let grey = RGBColor(red: UInt8(level), green: UInt8(level), blue: UInt8(level))
            let extended = XtermColors.rgb(ofIndex: XtermColors.nearestExtended(to: grey))
            #expect(extended.red == extended.green && extended.green == extended.blue, "\(grey) → \(extended)")
            #expect(abs(Int(extended.red) - level) <= 10, "\(grey) → \(extended)")
            #expect([0, 7, 8, 15].contains(XtermColors.nearestBasic(to: grey)), "\(grey)")
        }
        #expect(XtermColors.nearestExtended(to: rgb(0x808080)) == 244)
        #expect(XtermColors.nearestExtended(to: rgb(0x767676)) == 243)
        #expect(XtermColors.nearestExtended(to: rgb(0x121212)) == 233)
        #expect(XtermColors.nearestBasic(to: rgb(0x808080)) == 8)
        #expect(XtermColors.nearestBasic(to: rgb(0xd0d0d0)) == 7)
    }

    /// A theme colour given as an index keeps it on 256 colours and degrades from xterm's RGB
    /// for it; ANSI indexes stay the user's own colours on 16.
    @Test func indexedColoursDegradeThroughTheirRGB() {
        #expect(PaletteColor.indexed(208).xterm256 == 208)
        #expect(PaletteColor.indexed(208).basic16 == 9)
        #expect(PaletteColor(.indexed(208), basicOverride: 3).basic16 == 3)
        #expect(PaletteColor.indexed(12).basic16 == 12)
        #expect(PaletteColor.indexed(12).xterm256 == 12)
        #expect(PaletteColor.rgb(rgb(0xff0000)).xterm256 == 196)
        #expect(PaletteColor.rgb(rgb(0xff0000)).basic16 == 9)
    }

    @Test func distanceIsSymmetricAndZeroOnlyForTheSameColour() {
        let a = rgb(0x123456), b = rgb(0xfedcba)
        #expect(a.distance(to: b) == b.distance(to: a))
        #expect(a.distance(to: a) == 0)
        #expect(a.distance(to: rgb(0x123457)) > 0)
        #expect(a.description == "#123456")
        #expect(rgb(0x00000f).description == "#00000f")
    }
}
