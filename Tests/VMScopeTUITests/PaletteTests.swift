import Foundation
import Testing
import VMScopeCore
@testable import VMScopeTUI

@Suite struct PaletteTests {
    /// Every role there is. The switch below does not compile when ThemeRole gains a case, so
    /// a new role cannot be forgotten here (and then in the palette).
    static let everyRole: [ThemeRole] = {
        func covered(_ role: ThemeRole) -> Bool {
            switch role {
            case .normal, .dim, .title, .border, .header, .headerValue, .footer, .footerKey, .selection,
                 .warning, .error, .region, .unmapped, .gapBreak, .gapLabel, .heapMarker, .mmapMarker,
                 .convergenceGap, .flashMapped, .flashUnmapped, .flashFaulted, .heat, .event:
                return true
            }
        }
        let plain: [ThemeRole] = [.normal, .dim, .title, .border, .header, .headerValue, .footer, .footerKey,
                                  .selection, .warning, .error, .unmapped, .gapBreak, .gapLabel, .heapMarker,
                                  .mmapMarker, .convergenceGap, .flashMapped, .flashUnmapped, .flashFaulted]
        let all = plain + RegionKind.allCases.map { .region($0) } + (0..<Palette.heatLevels).map { .heat($0) }
            + EventLogCategory.allCases.map { .event($0) }
        precondition(all.allSatisfy(covered))
        return all
    }()

    @Test func everyRoleHasItsOwnEntry() {
        let palette = DefaultPalette.palette
        for role in Self.everyRole {
            #expect(palette.hasEntry(for: role), "no style for \(role)")
        }
    }

    @Test func heatOutsideTheRampIsClamped() {
        let palette = DefaultPalette.palette
        #expect(palette.style(for: .heat(-3)) == palette.style(for: .heat(0)))
        #expect(palette.style(for: .heat(99)) == palette.style(for: .heat(8)))
    }

    /// The kinds the issue names must not share a colour on a 256-colour terminal.
    @Test func regionKindsAreDistinguishable() {
        let kinds: [RegionKind] = [.text, .data, .bss, .heap, .anonymous, .file, .libraryText, .libraryData,
                                   .stack, .threadStack, .vdso, .guardPage, .sharedMemory]
        let colors = kinds.map { DefaultPalette.palette.style(for: .region($0)).foreground?.xterm256 }
        #expect(!colors.contains(nil))
        #expect(Set(colors).count == kinds.count)
        // With 16 colours the hot spots still differ: heap, anonymous, file, stack, guard.
        let basics = [RegionKind.heap, .anonymous, .file, .stack, .guardPage]
            .map { DefaultPalette.palette.style(for: .region($0)).foreground?.basic }
        #expect(Set(basics).count == basics.count)
    }

    @Test func heatIsARamp() {
        let styles = (0..<Palette.heatLevels).map { DefaultPalette.palette.style(for: .heat($0)) }
        let colors = styles.compactMap { $0.foreground?.xterm256 }
        #expect(colors.count == Palette.heatLevels)
        #expect(Set(colors).count == colors.count)
    }

    @Test func flashesAreBrightBackgroundsAndStandOutWithoutColour() {
        for role in [ThemeRole.flashMapped, .flashUnmapped, .flashFaulted] {
            let style = DefaultPalette.palette.style(for: role)
            #expect(style.background != nil, "\(role)")
            #expect(style.attributes.contains(.bold), "\(role)")
            #expect(style.monochrome.contains(.reverse), "\(role)")
        }
        #expect(DefaultPalette.palette.style(for: .selection).monochrome.contains(.reverse))
    }

    @Test func colourCapabilityFollowsTheTerminalAndNoColor() {
        #expect(ColorCapability.detect(hasColors: true, colors: 256, noColor: nil) == .extended256)
        #expect(ColorCapability.detect(hasColors: true, colors: 16, noColor: nil) == .basic16)
        #expect(ColorCapability.detect(hasColors: true, colors: 8, noColor: nil) == .basic8)
        #expect(ColorCapability.detect(hasColors: false, colors: 0, noColor: nil) == ColorCapability.none)
        #expect(ColorCapability.detect(hasColors: true, colors: 256, noColor: "1") == ColorCapability.none)
        #expect(ColorCapability.detect(hasColors: true, colors: 256, noColor: "") == .extended256)
    }

    @Test func resolutionPerCapability() {
        let style = PaletteStyle(foreground: PaletteColor(208, basic: 11), background: PaletteColor(236, basic: 0),
                                 attributes: [.underline], monochrome: [.reverse])
        #expect(style.resolved(for: .extended256) == TerminalStyle(foreground: 208, background: 236, attributes: [.underline]))
        #expect(style.resolved(for: .basic16) == TerminalStyle(foreground: 11, background: 0, attributes: [.underline]))
        // Bright on 8 colours: the normal colour, bold.
        #expect(style.resolved(for: .basic8) == TerminalStyle(foreground: 3, background: 0, attributes: [.underline, .bold]))
        #expect(style.resolved(for: .none) == TerminalStyle(foreground: -1, background: -1, attributes: [.reverse]))
        #expect(PaletteStyle().resolved(for: .extended256) == TerminalStyle(foreground: -1, background: -1, attributes: []))
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
            .appendingPathComponent("../../Sources/VMScopeTUI").standardizedFileURL
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path)
            .filter { $0.hasSuffix(".swift") && $0 != "AsciiFallback.swift" }
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
