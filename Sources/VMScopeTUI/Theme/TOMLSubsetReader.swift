/// A strict reader for the part of TOML 1.0 that theme files use, keeping the line of every key
/// so a theme's errors can say where they are.
///
/// Read: comments, `[table]` headers, bare/quoted/dotted keys, basic and literal strings,
/// decimal integers, booleans, arrays (over several lines, trailing comma allowed) and inline
/// tables. Rejected with a line number: everything else (floats, dates, multi-line strings,
/// `[[arrays of tables]]`, other integer bases) and what TOML forbids (a key or table defined
/// twice, adding to an inline table, text after a value).
///
/// Why not a TOML library: TOMLKit (toml++) reports positions only for syntax errors, and a
/// theme's errors are mostly about valid TOML (an unknown role, a bad colour), which need the
/// line of a key or value.
public struct TOMLSubsetReader {
    private let text: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    /// Lists and inline tables open around the value being read.
    private var depth = 0

    /// How deep keys, lists and inline tables may nest. Reading and building them recurses, so
    /// without a limit a megabyte of `[` (or of `a.`) overflows the stack; a theme nests three or
    /// four deep.
    static let nestingLimit = 32

    private init(_ source: String) {
        text = Array(source.unicodeScalars)
    }

    /// The document's root table.
    public static func read(_ source: String) throws(TOMLSyntaxError) -> TOMLTable {
        var reader = TOMLSubsetReader(source)
        return try reader.document()
    }

    // MARK: - Document

    private mutating func document() throws(TOMLSyntaxError) -> TOMLTable {
        var root = TOMLTable(origin: .header)
        var current: [String] = []
        if peek == "\u{FEFF}" { position += 1 } // a byte-order mark some editors write
        while true {
            skipSpaces()
            guard let scalar = peek else { break }
            switch scalar {
            case "#":
                skipComment()
            case "\n", "\r":
                try lineBreak()
            case "[":
                if peek(at: 1) == "[" { throw error("arrays of tables ([[...]]) are not used in themes") }
                let headerLine = line
                position += 1
                skipSpaces()
                let path = try key()
                skipSpaces()
                guard peek == "]" else { throw error("expected \"]\" to close the table header") }
                position += 1
                try defineTable(path, in: &root, line: headerLine)
                current = path
                try endOfLine(after: "the table header")
            default:
                let (path, node) = try keyValue()
                try insert(node, at: path, under: current, in: &root)
                try endOfLine(after: "the value of \"\(path.joined(separator: "."))\"")
            }
        }
        return root
    }

    /// `[a.b.c]`: creates the tables on the way as implied, and `c` as defined by a header.
    private func defineTable(_ path: [String], in root: inout TOMLTable, line: Int) throws(TOMLSyntaxError) {
        try Self.withTable(at: path.dropLast(), in: &root, creating: .implied, line: line) { (table) throws(TOMLSyntaxError) in
            let name = path[path.count - 1]
            let shown = path.joined(separator: ".")
            if let existing = table[name] {
                guard case .table(var defined) = existing.value else {
                    throw TOMLSyntaxError(line: line, "bad TOML: \"\(shown)\" is already a value (line \(existing.line))")
                }
                guard defined.origin == .implied else {
                    throw TOMLSyntaxError(line: line, "bad TOML: table [\(shown)] is defined twice (first on line \(existing.line))")
                }
                defined.origin = .header
                table[name] = TOMLNode(.table(defined), line: line)
            } else {
                table[name] = TOMLNode(.table(TOMLTable(origin: .header)), line: line)
            }
        }
    }

    /// Puts `node` at `current` + `path`; the dotted key's prefixes become tables.
    private func insert(_ node: TOMLNode, at path: [String], under current: [String],
                        in root: inout TOMLTable) throws(TOMLSyntaxError) {
        try Self.withTable(at: current[...], in: &root, creating: .implied, line: node.line) { (table) throws(TOMLSyntaxError) in
            try Self.insert(node, at: path[...], in: &table)
        }
    }

    private static func insert(_ node: TOMLNode, at path: ArraySlice<String>, in table: inout TOMLTable) throws(TOMLSyntaxError) {
        try withTable(at: path.dropLast(), in: &table, creating: .dottedKey, line: node.line, dotted: true) { (table) throws(TOMLSyntaxError) in
            let name = path[path.endIndex - 1]
            if let existing = table[name] {
                throw TOMLSyntaxError(line: node.line, "bad TOML: key \"\(path.joined(separator: "."))\" is defined twice (first on line \(existing.line))")
            }
            table[name] = node
        }
    }

    /// Runs `body` on the table at `path` below `table`, creating missing tables with `origin`.
    /// A dotted key may only go through tables that dotted keys made.
    private static func withTable(at path: ArraySlice<String>, in table: inout TOMLTable, creating origin: TOMLTable.Origin,
                                  line: Int, dotted: Bool = false,
                                  _ body: (inout TOMLTable) throws(TOMLSyntaxError) -> Void) throws(TOMLSyntaxError) {
        guard let first = path.first else {
            try body(&table)
            return
        }
        var child: TOMLTable
        var childLine = line
        if let existing = table[first] {
            guard case .table(let found) = existing.value else {
                throw TOMLSyntaxError(line: line, "bad TOML: \"\(first)\" is already a value (line \(existing.line)), not a table")
            }
            if found.origin == .inline || (dotted && found.origin != .dottedKey) {
                throw TOMLSyntaxError(line: line, "bad TOML: table \"\(first)\" is already complete (line \(existing.line)); it cannot be added to here")
            }
            child = found
            childLine = existing.line
        } else {
            child = TOMLTable(origin: origin)
        }
        try withTable(at: path.dropFirst(), in: &child, creating: origin, line: line, dotted: dotted, body)
        table[first] = TOMLNode(.table(child), line: childLine)
    }

    // MARK: - Keys and values

    private mutating func keyValue() throws(TOMLSyntaxError) -> (path: [String], node: TOMLNode) {
        let keyLine = line
        let path = try key()
        skipSpaces()
        guard peek == "=" else { throw error("expected \"=\" after the key \"\(path.joined(separator: "."))\"") }
        position += 1
        skipSpaces()
        var node = try value()
        node.line = keyLine
        return (path, node)
    }

    /// A key, dotted or not: `a`, `"a b"`, `a.'b'.c`.
    private mutating func key() throws(TOMLSyntaxError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            switch peek {
            case "\"", "'": parts.append(try string())
            default:
                var bare = ""
                while let scalar = peek, Self.isBareKey(scalar) {
                    bare.unicodeScalars.append(scalar)
                    position += 1
                }
                guard !bare.isEmpty else {
                    throw error(peek.map { "unexpected \(Self.describe($0)) where a key should be" } ?? "expected a key")
                }
                parts.append(bare)
            }
            if parts.count > Self.nestingLimit {
                throw error("a key of more than \(Self.nestingLimit) parts (themes nest a few deep)")
            }
            skipSpaces()
            guard peek == "." else { return parts }
            position += 1
        }
    }

    /// Counts one more list or inline table open around the value being read.
    private mutating func enterNesting(_ what: String) throws(TOMLSyntaxError) {
        depth += 1
        if depth > Self.nestingLimit { throw error("\(what) nested more than \(Self.nestingLimit) deep (themes nest a few deep)") }
    }

    private static func isBareKey(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    private mutating func value() throws(TOMLSyntaxError) -> TOMLNode {
        let valueLine = line
        guard let scalar = peek else { throw error("expected a value") }
        switch scalar {
        case "\"":
            if peek(at: 1) == "\"", peek(at: 2) == "\"" { throw error("multi-line strings are not used in themes") }
            return TOMLNode(.string(try string()), line: valueLine)
        case "'":
            if peek(at: 1) == "'", peek(at: 2) == "'" { throw error("multi-line strings are not used in themes") }
            return TOMLNode(.string(try string()), line: valueLine)
        case "[":
            return TOMLNode(.array(try array()), line: valueLine)
        case "{":
            return TOMLNode(.table(try inlineTable()), line: valueLine)
        default:
            let word = bareWord()
            switch word {
            case "true": return TOMLNode(.boolean(true), line: valueLine)
            case "false": return TOMLNode(.boolean(false), line: valueLine)
            case "" where scalar == "#":
                throw error("expected a value, found a comment (a colour is a string: \"#ff8700\")")
            case "": throw error("unexpected \(Self.describe(scalar)) where a value should be")
            default: return TOMLNode(.integer(try integer(word)), line: valueLine)
            }
        }
    }

    /// The run of characters a number, boolean, date or float could be made of.
    private mutating func bareWord() -> String {
        var word = ""
        while let scalar = peek, Self.isBareKey(scalar) || "+.:".unicodeScalars.contains(scalar) {
            word.unicodeScalars.append(scalar)
            position += 1
        }
        return word
    }

    /// A decimal integer: optional sign, digits with single underscores between them, no
    /// leading zero.
    private func integer(_ word: String) throws(TOMLSyntaxError) -> Int {
        var digits = Substring(word)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let valid = !digits.isEmpty && digits.first != "_" && digits.last != "_" && !digits.contains("__")
            && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "_") }
            && !(digits.count > 1 && digits.first == "0")
        guard valid else {
            if digits.hasPrefix("0x") || digits.hasPrefix("0o") || digits.hasPrefix("0b") {
                throw TOMLSyntaxError(line: line, "bad TOML: write \(word) in decimal (other bases are not used in themes)")
            }
            let numeric = word.first.map { $0.isNumber || $0 == "+" || $0 == "-" } ?? false
            let floatOrDate = numeric && word.dropFirst().contains { ".eE:-".contains($0) }
            if floatOrDate || ["inf", "nan"].contains(String(digits)) {
                throw TOMLSyntaxError(line: line, "bad TOML: \(word) is not a value themes use (strings, whole numbers, true/false, lists, tables)")
            }
            throw TOMLSyntaxError(line: line, "bad TOML: \(word) is not a value (a string needs quotes)")
        }
        guard let magnitude = Int(digits.filter { $0 != "_" }) else {
            throw TOMLSyntaxError(line: line, "bad TOML: \(word) is too big")
        }
        return negative ? -magnitude : magnitude
    }

    /// `[ v, v, ]`, over as many lines as it likes, with comments.
    private mutating func array() throws(TOMLSyntaxError) -> [TOMLNode] {
        let openLine = line
        try enterNesting("lists")
        defer { depth -= 1 }
        position += 1
        var elements: [TOMLNode] = []
        while true {
            try skipSpacesCommentsAndLineBreaks()
            guard let scalar = peek else { throw TOMLSyntaxError(line: openLine, "bad TOML: the list opened here is not closed") }
            if scalar == "]" { position += 1; return elements }
            elements.append(try value())
            try skipSpacesCommentsAndLineBreaks()
            switch peek {
            case ",": position += 1
            case "]": position += 1; return elements
            case nil: throw TOMLSyntaxError(line: openLine, "bad TOML: the list opened here is not closed")
            case let other?: throw error("expected \",\" or \"]\" in the list, found \(Self.describe(other))")
            }
        }
    }

    /// `{ k = v, k = v }` on one line, no trailing comma (TOML 1.0).
    private mutating func inlineTable() throws(TOMLSyntaxError) -> TOMLTable {
        try enterNesting("inline tables")
        defer { depth -= 1 }
        position += 1
        var table = TOMLTable(origin: .inline)
        skipSpaces()
        if peek == "}" { position += 1; return table }
        while true {
            skipSpaces()
            if peek == "\n" || peek == "\r" { throw error("an inline table { ... } must be on one line") }
            let (path, node) = try keyValue()
            try Self.insert(node, at: path[...], in: &table)
            skipSpaces()
            switch peek {
            case ",":
                position += 1
            case "}":
                position += 1
                return table
            case "\n", "\r", nil:
                throw error("an inline table { ... } must be closed on the line it starts")
            case let other?:
                throw error("expected \",\" or \"}\" in the inline table, found \(Self.describe(other))")
            }
        }
    }

    // MARK: - Strings

    /// `"basic"` (with escapes) or `'literal'` (without), on one line.
    private mutating func string() throws(TOMLSyntaxError) -> String {
        let quote = text[position]
        position += 1
        var result = ""
        while true {
            guard let scalar = peek, scalar != "\n", scalar != "\r" else { throw error("the string is not closed on its line") }
            position += 1
            if scalar == quote { return result }
            if quote == "\"", scalar == "\\" {
                result.unicodeScalars.append(try escape())
                continue
            }
            if Self.isControl(scalar) { throw error("a control character in a string must be written as an escape in \"...\"") }
            result.unicodeScalars.append(scalar)
        }
    }

    private mutating func escape() throws(TOMLSyntaxError) -> Unicode.Scalar {
        guard let scalar = peek else { throw error("the string is not closed on its line") }
        position += 1
        switch scalar {
        case "\"": return "\""
        case "\\": return "\\"
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "u", "U":
            let count = scalar == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let digit = peek, digit.properties.isASCIIHexDigit else {
                    throw error("\\\(scalar) needs \(count) hex digits")
                }
                hex.unicodeScalars.append(digit)
                position += 1
            }
            guard let code = UInt32(hex, radix: 16), let result = Unicode.Scalar(code) else {
                throw error("\\\(scalar)\(hex) is not a Unicode scalar")
            }
            return result
        default:
            throw error("unknown escape \\\(scalar) in a string")
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || scalar.value == 0x7F)
    }

    // MARK: - Whitespace, comments, line ends

    private var peek: Unicode.Scalar? { position < text.count ? text[position] : nil }

    private func peek(at offset: Int) -> Unicode.Scalar? {
        position + offset < text.count ? text[position + offset] : nil
    }

    private mutating func skipSpaces() {
        while peek == " " || peek == "\t" { position += 1 }
    }

    private mutating func skipComment() {
        while let scalar = peek, scalar != "\n", scalar != "\r" { position += 1 }
    }

    /// `\n` or `\r\n`; a lone `\r` is not a line break in TOML.
    private mutating func lineBreak() throws(TOMLSyntaxError) {
        if peek == "\r" {
            guard peek(at: 1) == "\n" else { throw error("a carriage return must be followed by a line feed") }
            position += 1
        }
        position += 1
        line += 1
    }

    private mutating func skipSpacesCommentsAndLineBreaks() throws(TOMLSyntaxError) {
        while true {
            skipSpaces()
            switch peek {
            case "#": skipComment()
            case "\n", "\r": try lineBreak()
            default: return
            }
        }
    }

    /// Only spaces and a comment may follow a header or a key/value on its line.
    private mutating func endOfLine(after what: String) throws(TOMLSyntaxError) {
        skipSpaces()
        if peek == "#" { skipComment() }
        guard let scalar = peek else { return }
        guard scalar == "\n" || scalar == "\r" else {
            throw error("unexpected \(Self.describe(scalar)) after \(what) (one key = value per line)")
        }
        try lineBreak()
    }

    private func error(_ message: String) -> TOMLSyntaxError {
        TOMLSyntaxError(line: line, "bad TOML: " + message)
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        scalar.properties.isWhitespace || isControl(scalar) ? "character U+\(String(scalar.value, radix: 16, uppercase: true))"
            : "\"\(scalar)\""
    }
}
