import Testing
import VMScopeCore
@testable import VMScopeTUI

/// Theme files into styles, and the documented one-line errors (themes/README.md).
@Suite struct ThemeParserTests {
    private func parse(_ text: String, file: String = "/t/x.toml") throws -> ThemeDefinition {
        try ThemeParser.parse(text, file: file)
    }

    /// The one line a broken theme gives.
    private func problem(_ text: String, file: String = "/t/x.toml") -> String? {
        do {
            _ = try ThemeParser.parse(text, file: file)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func everyWayOfWritingARoleNamesTheSameRole() throws {
        let definition = try parse("""
            description = "test"
            [roles]
            header = { fg = "#303030", bg = 236, attrs = ["bold", "italic"], mono = ["reverse"] }
            region.heap = { fg = "bright-red" }
            heat.0 = { fg = "default", bg = "black" }
            [roles.event]
            fault = { attrs = ["underline"] }
            [roles.region.stack]
            fg = 196
            """)
        #expect(definition.description == "test")
        #expect(definition.styles[.header] == PaletteStyle(
            foreground: .rgb(RGBColor(packed: 0x303030)), background: .indexed(236),
            attributes: [.bold, .italic], monochrome: [.reverse]))
        #expect(definition.styles[.region(.heap)] == PaletteStyle(foreground: .indexed(9)))
        #expect(definition.styles[.heat(0)] == PaletteStyle(background: .indexed(0)))
        // Without `mono`, the monochrome attributes are the attributes.
        #expect(definition.styles[.event(.fault)] == PaletteStyle(attributes: [.underline], monochrome: [.underline]))
        #expect(definition.styles[.region(.stack)]?.foreground == .indexed(196))
        #expect(definition.styles.count == 5)
    }

    @Test func everyANSINameIsItsPaletteIndex() throws {
        for (index, name) in ThemeParser.ansiColorNames.enumerated() {
            let definition = try parse("[roles]\nnormal = { fg = \"\(name)\" }")
            #expect(definition.styles[.normal]?.foreground == .indexed(UInt8(index)), "\(name)")
        }
        #expect(ThemeParser.ansiColorNames[9] == "bright-red")
        #expect(ThemeParser.ansiColorNames.count == 16)
    }

    /// Every role name is a valid bare TOML key path, so themes write them unquoted, and maps
    /// back to its role.
    @Test func roleNamesRoundTripAndNeedNoQuotes() {
        let names = ThemeRole.allCases.map(\.name)
        #expect(Set(names).count == names.count, "two roles share a name")
        for role in ThemeRole.allCases {
            #expect(ThemeRole(name: role.name) == role)
            let bare = role.name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            }
            #expect(bare, "\(role.name)")
        }
        #expect(ThemeRole(name: "region.heap") == .region(.heap))
        #expect(ThemeRole(name: "region.lib-text") == .region(.libraryText))
        #expect(ThemeRole(name: "heat.8") == .heat(8))
        #expect(ThemeRole(name: "heat.9") == nil)
        #expect(ThemeRole(name: "event.fault") == .event(.fault))
        #expect(ThemeRole(name: "header-value") == .headerValue)
        #expect(ThemeRole(name: "region") == nil)
    }

    /// The shorthands widgets use are the named roles, and match in a switch.
    @Test func shorthandsAreTheNamedRoles() {
        #expect(ThemeRole.header == .named(.header))
        #expect(ThemeRole.flashFaulted.name == "flash-faulted")
        let role = ThemeRole.named(.gapBreak)
        switch role {
        case .gapBreak: break
        default: Issue.record("a shorthand did not match as a pattern")
        }
    }

    // MARK: - The documented errors (themes/README.md, "When a theme is broken")

    @Test(arguments: [
        ("[roles]\nheader = { fg = \"red\" }\nheader = {}",
         "theme /t/x.toml, line 3: bad TOML: key \"header\" is defined twice (first on line 2)"),
        ("[roles]\nheader { fg = \"red\" }",
         "theme /t/x.toml, line 2: bad TOML: expected \"=\" after the key \"header\""),
        ("[roles]\n\n\n\n\n\n\n\n\n\n\nregion.hep = { fg = \"red\" }",
         "theme /t/x.toml, line 12: unknown role \"region.hep\" (see themes/README.md for role names)"),
        ("[roles.region]\nheep = {}",
         "theme /t/x.toml, line 2: unknown role \"region.heep\" (see themes/README.md for role names)"),
        ("[roles]\nheat.9 = {}",
         "theme /t/x.toml, line 2: unknown role \"heat.9\" (see themes/README.md for role names)"),
        ("[roles]\nregion = 3",
         "theme /t/x.toml, line 2: unknown role \"region\" (see themes/README.md for role names)"),
        ("[roles]\nregion.heap = { fg = \"#ff00\" }",
         "theme /t/x.toml, line 2: bad colour \"#ff00\" for fg of role \"region.heap\" (use \"#rrggbb\", 0-255, an ANSI name like \"bright-red\", or \"default\")"),
        ("[roles]\nheader = { bg = 256 }",
         "theme /t/x.toml, line 2: bad colour 256 for bg of role \"header\" (use \"#rrggbb\", 0-255, an ANSI name like \"bright-red\", or \"default\")"),
        ("[roles]\nheader = { fg = \"#gg0000\" }",
         "theme /t/x.toml, line 2: bad colour \"#gg0000\" for fg of role \"header\" (use \"#rrggbb\", 0-255, an ANSI name like \"bright-red\", or \"default\")"),
        ("[roles]\nheader = { fg = \"orange\" }",
         "theme /t/x.toml, line 2: bad colour \"orange\" for fg of role \"header\" (use \"#rrggbb\", 0-255, an ANSI name like \"bright-red\", or \"default\")"),
        ("[roles]\nheader = { fg = #ff0000 }",
         "theme /t/x.toml, line 2: bad TOML: expected a value, found a comment (a colour is a string: \"#ff8700\")"),
        ("[roles]\nheader = { attrs = [\"bold\",\n  \"blink\"] }",
         "theme /t/x.toml, line 3: unknown attribute \"blink\" in attrs of role \"header\" (use bold, dim, reverse, underline, italic)"),
        ("[roles]\nheader = { fg = \"red\",\n  bg = \"blue\" }",
         "theme /t/x.toml, line 2: bad TOML: an inline table { ... } must be on one line"),
        ("[roles.header]\nattrs = [\"bold\",\n  \"blink\"]",
         "theme /t/x.toml, line 3: unknown attribute \"blink\" in attrs of role \"header\" (use bold, dim, reverse, underline, italic)"),
        ("[roles]\nheader = { mono = \"bold\" }",
         "theme /t/x.toml, line 2: mono of role \"header\" must be a list, like [\"bold\"] (names: bold, dim, reverse, underline, italic)"),
        ("[roles]\nheader = { fgg = \"red\" }",
         "theme /t/x.toml, line 2: unknown key \"fgg\" in role \"header\" (use fg, bg, attrs, mono)"),
        ("[roles]\nheader = \"red\"",
         "theme /t/x.toml, line 2: role \"header\" must be a table, like { fg = \"#ff8700\", attrs = [\"bold\"] }"),
        ("[roles]\n\"region.heap\" = {}\nregion.heap = {}",
         "theme /t/x.toml, line 3: role \"region.heap\" is set twice (first on line 2)"),
        ("name = \"mine\"",
         "theme /t/x.toml, line 1: unknown key \"name\" (a theme has a description and a [roles] table)"),
        ("[role]\nheader = {}",
         "theme /t/x.toml, line 1: unknown key \"role\" (a theme has a description and a [roles] table)"),
        ("roles = 1",
         "theme /t/x.toml, line 1: roles must be a table: [roles]"),
        ("description = 1",
         "theme /t/x.toml, line 1: description must be a string"),
    ])
    func brokenThemesSayWhereAndWhat(text: String, expected: String) {
        #expect(problem(text) == expected)
    }

    /// One line, always: a message never carries a line break, whatever the file holds.
    @Test func errorsAreOneLine() {
        let message = problem("[roles]\nheader = { fg = \"a\\nb\\u001b[31m\" }")
        #expect(message == "theme /t/x.toml, line 2: bad colour \"a\\nb\\e[31m\" for fg of role \"header\" "
            + "(use \"#rrggbb\", 0-255, an ANSI name like \"bright-red\", or \"default\")")
        let path = ThemeError(file: "/t/a\tb.toml", line: nil, problem: "cannot read it").description
        #expect(path == "theme /t/a\\tb.toml: cannot read it")
    }
}
