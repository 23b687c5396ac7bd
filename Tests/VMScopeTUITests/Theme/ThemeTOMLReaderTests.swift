import Testing
@testable import VMScopeTUI

/// The strict TOML subset theme files are read with: what it accepts means what TOML says,
/// and what it refuses is refused with the right line.
@Suite struct ThemeTOMLReaderTests {
    private func read(_ text: String) throws -> TOMLTable { try TOMLSubsetReader.read(text) }

    private func value(_ table: TOMLTable, _ path: String...) -> TOMLNode.Value? {
        var current = table
        for key in path.dropLast() {
            guard case .table(let next)? = current[key]?.value else { return nil }
            current = next
        }
        return current[path.last!]?.value
    }

    /// The refusal for `text`: its line and message.
    private func refusal(_ text: String) -> TOMLSyntaxError? {
        do {
            _ = try TOMLSubsetReader.read(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsTheSubsetThemesUse() throws {
        let table = try read("""
            \u{FEFF}# a comment
            title = "a \\"quoted\\" \\u00e9 \\t word" # trailing comment
            literal = 'C:\\no\\escapes'
            "quoted key" = 1
            count = -1_000
            plus = +7
            zero = 0
            yes = true
            no = false

            [roles]
            header = { fg = "#303030", attrs = ["bold", "dim"], nested = { deep = 1 } }
            region.heap = {}
            list = [
                "a", # first
                'b',
                [1, 2],
            ]
              [ roles . "with space" ]
            x = 1

            """)
        #expect(value(table, "title") == .string("a \"quoted\" é \t word"))
        #expect(value(table, "literal") == .string("C:\\no\\escapes"))
        #expect(value(table, "quoted key") == .integer(1))
        #expect(value(table, "count") == .integer(-1000))
        #expect(value(table, "plus") == .integer(7))
        #expect(value(table, "zero") == .integer(0))
        #expect(value(table, "yes") == .boolean(true))
        #expect(value(table, "no") == .boolean(false))
        #expect(value(table, "roles", "header", "fg") == .string("#303030"))
        #expect(value(table, "roles", "header", "nested", "deep") == .integer(1))
        #expect(value(table, "roles", "region", "heap") == .table(TOMLTable(origin: .inline)))
        #expect(value(table, "roles", "with space", "x") == .integer(1))
        guard case .array(let list)? = value(table, "roles", "list") else {
            Issue.record("no list")
            return
        }
        #expect(list.map(\.value) == [.string("a"), .string("b"),
                                      .array([TOMLNode(.integer(1), line: 17), TOMLNode(.integer(2), line: 17)])])
        #expect(list.map(\.line) == [15, 16, 17])
        // Lines are the key's, so errors can point at them.
        guard case .table(let roles)? = table["roles"]?.value else { return }
        #expect(roles["header"]?.line == 12)
        #expect(roles.ordered.map(\.key) == ["header", "region", "list", "with space"])
    }

    @Test func windowsLineEndingsCountLinesToo() throws {
        let table = try read("a = 1\r\nb = 2\r\n")
        #expect(table["b"]?.line == 2)
    }

    /// A table named by a header's prefix may be defined later; dotted keys may reach into
    /// tables that dotted keys made; a header may go below a dotted-key table (TOML 1.0).
    @Test func tablesMayBeDefinedInTheOrdersTOMLAllows() throws {
        let table = try read("""
            [a.b]
            x = 1
            [a]
            y = 2
            c.d = 3
            c.e = 4
            [a.c.f]
            z = 5
            """)
        #expect(value(table, "a", "b", "x") == .integer(1))
        #expect(value(table, "a", "y") == .integer(2))
        #expect(value(table, "a", "c", "e") == .integer(4))
        #expect(value(table, "a", "c", "f", "z") == .integer(5))
    }

    @Test(arguments: [
        // What TOML forbids.
        ("a = 1\na = 2", 2, "bad TOML: key \"a\" is defined twice (first on line 1)"),
        ("[t]\n[t]", 2, "bad TOML: table [t] is defined twice (first on line 1)"),
        ("a.b = 1\n[a.b]", 2, "bad TOML: \"a.b\" is already a value (line 1)"),
        ("t = { a = 1 }\nt.b = 2", 2, "bad TOML: table \"t\" is already complete (line 1); it cannot be added to here"),
        ("[t]\nx = 1\n[t.x]", 3, "bad TOML: \"t.x\" is already a value (line 2)"),
        ("a = 1\n[a]", 2, "bad TOML: \"a\" is already a value (line 1)"),
        ("a = 1 b = 2", 1, "bad TOML: unexpected \"b\" after the value of \"a\" (one key = value per line)"),
        ("a = ", 1, "bad TOML: expected a value"),
        ("a", 1, "bad TOML: expected \"=\" after the key \"a\""),
        ("= 1", 1, "bad TOML: unexpected \"=\" where a key should be"),
        ("a = \"open", 1, "bad TOML: the string is not closed on its line"),
        ("a = \"\\q\"", 1, "bad TOML: unknown escape \\q in a string"),
        ("a = [1,\n2", 1, "bad TOML: the list opened here is not closed"),
        ("a = { b = 1,\n c = 2 }", 1, "bad TOML: an inline table { ... } must be on one line"),
        ("a = { b = 1 ", 1, "bad TOML: an inline table { ... } must be closed on the line it starts"),
        ("a = { b = 1, }", 1, "bad TOML: unexpected \"}\" where a key should be"),
        ("a = 01", 1, "bad TOML: 01 is not a value (a string needs quotes)"),
        ("a = 1__0", 1, "bad TOML: 1__0 is not a value (a string needs quotes)"),
        ("a = red", 1, "bad TOML: red is not a value (a string needs quotes)"),
        ("a = #ff0000", 1, "bad TOML: expected a value, found a comment (a colour is a string: \"#ff8700\")"),
        ("a = 1\r", 1, "bad TOML: a carriage return must be followed by a line feed"),
        // Valid TOML that themes do not use.
        ("\n\n[[t]]", 3, "bad TOML: arrays of tables ([[...]]) are not used in themes"),
        ("a = 1.5", 1, "bad TOML: 1.5 is not a value themes use (strings, whole numbers, true/false, lists, tables)"),
        ("a = 1979-05-27", 1, nil),
        ("a = 0xff", 1, "bad TOML: write 0xff in decimal (other bases are not used in themes)"),
        ("a = \"\"\"x\"\"\"", 1, "bad TOML: multi-line strings are not used in themes"),
    ] as [(String, Int, String?)])
    func refusesWithTheLine(text: String, line: Int, message: String?) {
        let error = refusal(text)
        #expect(error?.line == line, "\(text)")
        if let message { #expect(error?.message == message, "\(text)") }
        #expect(error?.message.hasPrefix("bad TOML: ") == true, "\(text)")
    }
}
