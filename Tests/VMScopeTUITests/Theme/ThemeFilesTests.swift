import Foundation
import Testing
@testable import VMScopeTUI

/// The themes that ship: in the binary, complete, and the only place colours live.
@Suite struct ThemeFilesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../..").standardizedFileURL

    @Test func theFourThemesTheIssueAsksForShip() {
        for name in ["default", "light", "high-contrast", "monochrome"] {
            #expect(ThemeCatalog.builtInThemes[name] != nil, "\(name)")
        }
    }

    /// What the binary carries is what themes/ holds now: every file, byte for byte (so the
    /// build plugin embedded them and nothing else).
    @Test func theBinaryCarriesEveryThemeFile() throws {
        let directory = Self.repository.appendingPathComponent("themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".toml") }
        #expect(Set(files.map { String($0.dropLast(".toml".count)) }) == Set(ThemeCatalog.builtInThemes.keys))
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(ThemeCatalog.builtInThemes[String(file.dropLast(".toml".count))] == text, "\(file)")
        }
    }

    /// Every shipped theme parses and styles every role itself (not through the default).
    @Test(arguments: ThemeCatalog.builtInNames) func shippedThemeDefinesEveryRole(name: String) throws {
        let text = try #require(ThemeCatalog.builtInThemes[name])
        let definition = try ThemeParser.parse(text, file: ThemeCatalog.builtInFile(name))
        #expect(definition.missingRoles.map(\.name) == [])
        #expect(definition.description?.isEmpty == false)
    }

    /// The palette every other theme falls back on is the parsed default theme, not the plain
    /// stand-in for a default that does not parse.
    @Test func theEmbeddedDefaultParses() throws {
        let text = try #require(ThemeCatalog.builtInThemes[ThemeCatalog.defaultName])
        let definition = try ThemeParser.parse(text, file: "default.toml")
        #expect(Palette.default.styles == definition.styles)
        #expect(Palette.default.style(for: .region(.heap)).foreground != nil)
    }

    @Test func monochromeUsesAttributesOnly() throws {
        let palette = try ThemeCatalog(userDirectory: nil).palette("monochrome")
        for role in ThemeRole.allCases {
            let style = palette.style(for: role)
            #expect(style.foreground == nil && style.background == nil, "\(role.name)")
            #expect(style.monochrome == style.attributes, "\(role.name)")
            #expect(style.resolved(for: .extended256) == style.resolved(for: .none), "\(role.name)")
        }
        // The roles that must stand out still do.
        for role in [ThemeRole.selection, .header, .footer, .flashMapped, .flashUnmapped, .flashFaulted] {
            #expect(palette.style(for: role).attributes.contains(.reverse), "\(role.name)")
        }
    }

    /// Without colour (NO_COLOR, or a terminal that has none) every theme keeps the things
    /// that must be seen: the selection, the bars and the flashes stand out.
    @Test(arguments: ThemeCatalog.builtInNames) func everyThemeStandsOutWithoutColour(name: String) throws {
        let palette = try ThemeCatalog(userDirectory: nil).palette(name)
        for role in [ThemeRole.selection, .header, .footer, .flashMapped, .flashUnmapped, .flashFaulted] {
            #expect(palette.style(for: role).resolved(for: .none).attributes.contains(.reverse), "\(name): \(role.name)")
        }
    }

    /// themes/README.md documents every role by its name, and no role that does not exist.
    @Test func theReadmeNamesEveryRole() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("themes/README.md"), encoding: .utf8)
        for role in ThemeRole.allCases {
            #expect(readme.contains("`\(role.name)`"), "themes/README.md does not list \(role.name)")
        }
        let section = try #require(readme.range(of: "## Roles").map { readme[$0.upperBound...] })
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        let documented = section[..<end].matches(of: try Regex(#"`([a-z0-9.-]+)`"#)).compactMap { match in
            match.output[1].substring.map(String.init)
        }
        let unknown = documented.filter { ThemeRole(name: $0) == nil && $0 != "fg" && $0 != "bg" && $0 != "ThemeRole.name" }
        #expect(unknown == [], "themes/README.md names roles that do not exist")
    }

    /// Colours are data: no colour literal in the sources outside the code that reads and
    /// degrades theme colours.
    @Test func noColourLiteralsOutsideTheThemeMachinery() throws {
        let machinery: Set<String> = ["XtermColors.swift", "PaletteColor.swift", "RGBColor.swift", "ThemeParser.swift",
                                      "TOMLSubsetReader.swift", "ThemeEmbed/main.swift"]
        let sources = Self.repository.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        let literal = try Regex(##"\.indexed\(|\.rgb\(|RGBColor\(|PaletteColor\(|"#[0-9a-fA-F]{6}""##)
        var found: [String] = []
        for case let path as String in enumerator where path.hasSuffix(".swift") {
            let name = URL(fileURLWithPath: path).lastPathComponent
            if machinery.contains(name) || machinery.contains(path) { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(literal) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                found.append("\(path):\(number + 1)")
            }
        }
        #expect(found == [], "colour literals outside themes/")
    }
}
