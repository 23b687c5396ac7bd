import Foundation
import Testing
import VMScopeCore
@testable import VMScopeTUI

@Suite struct PaletteTests {
    /// The shipped themes that use colour (the monochrome one is checked in ThemeFilesTests).
    static let colourThemes = ["default", "light", "high-contrast"]

    static func palette(_ name: String) throws -> Palette {
        try ThemeCatalog(userDirectory: nil).palette(name)
    }

    @Test func everyRoleHasItsOwnEntry() {
        let palette = Palette.default
        for role in ThemeRole.allCases {
            #expect(palette.hasEntry(for: role), "no style for \(role.name)")
        }
    }

    @Test func heatOutsideTheRampIsClamped() {
        let palette = Palette.default
        #expect(palette.style(for: .heat(-3)) == palette.style(for: .heat(0)))
        #expect(palette.style(for: .heat(99)) == palette.style(for: .heat(8)))
    }

    /// The kinds the issue names must not share a colour on a 256-colour terminal, in any
    /// colour theme.
    @Test(arguments: colourThemes) func regionKindsAreDistinguishable(theme: String) throws {
        let palette = try Self.palette(theme)
        let kinds: [RegionKind] = [.text, .data, .bss, .heap, .anonymous, .file, .libraryText, .libraryData,
                                   .stack, .threadStack, .vdso, .guardPage, .sharedMemory]
        let colors = kinds.map { palette.style(for: .region($0)).foreground?.xterm256 }
        #expect(!colors.contains(nil))
        #expect(Set(colors).count == kinds.count)
        // With 16 colours the hot spots still differ: heap, anonymous, file, stack, guard.
        let basics = [RegionKind.heap, .anonymous, .file, .stack, .guardPage]
            .map { palette.style(for: .region($0)).foreground?.basic16 }
        #expect(Set(basics).count == basics.count, "\(basics)")
    }

    @Test(arguments: colourThemes) func heatIsARamp(theme: String) throws {
        let palette = try Self.palette(theme)
        let styles = (0..<Palette.heatLevels).map { palette.style(for: .heat($0)) }
        let colors = styles.compactMap { $0.foreground?.xterm256 }
        #expect(colors.count == Palette.heatLevels)
        #expect(Set(colors).count == colors.count)
    }

    @Test(arguments: colourThemes) func flashesAreBrightBackgroundsAndStandOutWithoutColour(theme: String) throws {
        let palette = try Self.palette(theme)
        for role in [ThemeRole.flashMapped, .flashUnmapped, .flashFaulted] {
            let style = palette.style(for: role)
            #expect(style.background != nil, "\(role.name)")
            #expect(style.attributes.contains(.bold), "\(role.name)")
            #expect(style.monochrome.contains(.reverse), "\(role.name)")
        }
        #expect(palette.style(for: .selection).monochrome.contains(.reverse))
    }

    @Test func colourCapabilityFollowsTheTerminalAndNoColor() {
        #expect(ColorCapability.detect(hasColors: true, colors: 0x100_0000, noColor: nil) == .direct)
        #expect(ColorCapability.detect(hasColors: true, colors: 0x10000, noColor: nil) == .extended256)
        #expect(ColorCapability.detect(hasColors: true, colors: 256, noColor: nil) == .extended256)
        #expect(ColorCapability.detect(hasColors: true, colors: 88, noColor: nil) == .basic16)
        #expect(ColorCapability.detect(hasColors: true, colors: 16, noColor: nil) == .basic16)
        #expect(ColorCapability.detect(hasColors: true, colors: 8, noColor: nil) == .basic8)
        #expect(ColorCapability.detect(hasColors: false, colors: 0, noColor: nil) == ColorCapability.none)
        #expect(ColorCapability.detect(hasColors: true, colors: 256, noColor: "1") == ColorCapability.none)
        #expect(ColorCapability.detect(hasColors: true, colors: 0x100_0000, noColor: "1") == ColorCapability.none)
        #expect(ColorCapability.detect(hasColors: true, colors: 256, noColor: "") == .extended256)
    }

    @Test func resolutionPerCapability() {
        let style = PaletteStyle(foreground: .indexed(208), background: .indexed(236),
                                 attributes: [.underline], monochrome: [.reverse])
        #expect(style.resolved(for: .direct) == TerminalStyle(foreground: 0xff8700, background: 0x303030, attributes: [.underline]))
        #expect(style.resolved(for: .extended256) == TerminalStyle(foreground: 208, background: 236, attributes: [.underline]))
        // Of the 16, #ff8700 is nearest bright red and #303030 bright black (dark grey).
        #expect(style.resolved(for: .basic16) == TerminalStyle(foreground: 9, background: 8, attributes: [.underline]))
        // A theme's own 16-colour pick wins over the nearest.
        let picked = PaletteStyle(foreground: PaletteColor(.indexed(208), basicOverride: 3))
        #expect(picked.resolved(for: .basic16) == TerminalStyle(foreground: 3, background: -1, attributes: []))
        #expect(picked.resolved(for: .basic8) == TerminalStyle(foreground: 3, background: -1, attributes: []))
        #expect(picked.resolved(for: .extended256) == TerminalStyle(foreground: 208, background: -1, attributes: []))
        #expect(style.resolved(for: .none) == TerminalStyle(foreground: -1, background: -1, attributes: [.reverse]))
        #expect(PaletteStyle().resolved(for: .extended256) == TerminalStyle(foreground: -1, background: -1, attributes: []))
        #expect(PaletteStyle().resolved(for: .direct) == TerminalStyle(foreground: -1, background: -1, attributes: []))
    }

    /// 8 colours: a bright colour is the normal one, bold; text never vanishes into its
    /// background.
    @Test func eightColoursUseBoldForBright() {
        let brightRed = PaletteStyle(foreground: .rgb(RGBColor(packed: 0xff0000)), background: .indexed(0))
        #expect(brightRed.resolved(for: .basic16) == TerminalStyle(foreground: 9, background: 0, attributes: []))
        #expect(brightRed.resolved(for: .basic8) == TerminalStyle(foreground: 1, background: 0, attributes: [.bold]))
        let sameTwice = PaletteStyle(foreground: .indexed(12), background: .indexed(4))
        #expect(sameTwice.resolved(for: .basic8) == TerminalStyle(foreground: 4, background: 4, attributes: [.bold, .reverse]))
    }

    /// Direct colour: ANSI 0-7 stay the user's own colours; RGB values the terminfo entry
    /// would read as ANSI (0x000000-0x000007) are nudged just past them.
    @Test func directColourNumbers() {
        #expect(PaletteColor.indexed(1).direct == 1)
        #expect(PaletteColor.indexed(9).direct == 0xff0000)
        #expect(PaletteColor.indexed(16).direct == 8) // #000000
        #expect(PaletteColor.rgb(RGBColor(packed: 0x000005)).direct == 8)
        #expect(PaletteColor.rgb(RGBColor(packed: 0x123456)).direct == 0x123456)
    }

    // MARK: ASCII fallback

    @Test func asciiStandInsForTheCharactersTheIssueNames() {
        let expected: [Character: Character] = [
            "█": "#", "▌": "[", "▐": "]", "░": ":", "·": ".", "╫": "H", "┊": ":", "▲": "^", "▼": "v",
            "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+", "…": "~",
        ]
        for (wide, ascii) in expected { #expect(AsciiFallback.character(for: wide) == ascii, "\(wide)") }
        // The heat ramp keeps its order in ASCII.
        let ramp = "▁▂▃▄▅▆▇█".map { AsciiFallback.character(for: $0) }
        #expect(String(ramp) == ".,:-=+*#")
    }

    @Test func asciiPassesPrintablesAndHidesEverythingElse() {
        #expect(AsciiFallback.character(for: "a") == "a")
        #expect(AsciiFallback.character(for: "~") == "~")
        #expect(AsciiFallback.character(for: "\u{1B}") == "?")
        #expect(AsciiFallback.character(for: "\u{7F}") == "?")
        #expect(AsciiFallback.character(for: "漢") == "?")
        for (_, ascii) in AsciiFallback.table {
            #expect(ascii.asciiValue.map { $0 >= 0x20 && $0 < 0x7F } == true)
        }
    }

    /// Every non-ASCII character in the widgets' source has an ASCII stand-in, so a new glyph in
    /// a widget cannot silently become `?` on an ASCII terminal.
    @Test func everyGlyphTheWidgetsUseHasAStandIn() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Sources/VMScopeTUI").standardizedFileURL
        let files = try FileManager.default.subpathsOfDirectory(atPath: sources.path)
            .filter { $0.hasSuffix(".swift") && !$0.hasSuffix("AsciiFallback.swift") }
        #expect(!files.isEmpty)
        var missing: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let code = line.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : String(line)
                let uncommented = code.range(of: " // ").map { String(code[..<$0.lowerBound]) } ?? code
                for character in uncommented where character.asciiValue == nil {
                    if AsciiFallback.table[character] == nil { missing.append("\(file): \(character)") }
                }
            }
        }
        #expect(missing.isEmpty, "no ASCII stand-in for: \(Set(missing).sorted().joined(separator: ", "))")
    }
}
