/// Reads a theme file (TOML, schema in themes/README.md) into a `ThemeDefinition`, or says what
/// is wrong and where:
///
/// ```toml
/// description = "what it is for"
/// [roles]
/// header = { fg = "white", bg = "#303030", mono = ["reverse"] }
/// region.heap = { fg = "#ff8700", attrs = ["bold"] }
/// heat.8 = { fg = 196, attrs = ["bold"] }
/// ```
public enum ThemeParser {
    /// The keys of a role's table.
    public static let styleKeys = ["fg", "bg", "attrs", "mono"]

    /// The 16 ANSI colour names, in palette order: `black` is 0, `bright-white` 15.
    public static let ansiColorNames: [String] = {
        let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        return names + names.map { "bright-" + $0 }
    }()

    /// `file` is how errors name the file.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> ThemeDefinition {
        let root: TOMLTable
        do {
            root = try TOMLSubsetReader.read(text)
        } catch {
            throw ThemeError(file: file, line: error.line, problem: error.message)
        }
        var definition = ThemeDefinition(styles: [:])
        for (key, node) in root.ordered {
            switch (key, node.value) {
            case ("description", .string(let text)):
                definition.description = text
            case ("description", _):
                throw ThemeError(file: file, line: node.line, problem: "description must be a string")
            case ("roles", .table(let roles)):
                var lines: [ThemeRole: Int] = [:]
                try collectRoles(in: roles, prefix: "", file: file, into: &definition.styles, lines: &lines)
            case ("roles", _):
                throw ThemeError(file: file, line: node.line, problem: "roles must be a table: [roles]")
            default:
                throw ThemeError(file: file, line: node.line,
                                 problem: "unknown key \"\(key)\" (a theme has a description and a [roles] table)")
            }
        }
        return definition
    }

    /// Names that lead to roles without being roles: `region`, `heat`, `event`.
    private static let rolePrefixes: Set<String> = Set(ThemeRole.allCases.flatMap { role -> [String] in
        let parts = role.name.split(separator: ".")
        return (1..<max(parts.count, 1)).map { parts[..<$0].joined(separator: ".") }
    })

    /// Walks `[roles]`: `region.heap = {...}`, `[roles.region] heap = {...}` and
    /// `[roles.region.heap] fg = ...` all name the role `region.heap`.
    private static func collectRoles(in table: TOMLTable, prefix: String, file: String,
                                     into styles: inout [ThemeRole: PaletteStyle],
                                     lines: inout [ThemeRole: Int]) throws(ThemeError) {
        for (key, node) in table.ordered {
            let name = prefix.isEmpty ? key : prefix + "." + key
            if let role = ThemeRole(name: name) {
                guard case .table(let fields) = node.value else {
                    throw ThemeError(file: file, line: node.line,
                                     problem: "role \"\(name)\" must be a table, like { fg = \"#ff8700\", attrs = [\"bold\"] }")
                }
                if let first = lines[role] {
                    // TOML only sees this when both are spelled alike; `"region.heap"` (one quoted
                    // key) and `region.heap` (a dotted key) are different keys to it.
                    throw ThemeError(file: file, line: node.line, problem: "role \"\(name)\" is set twice (first on line \(first))")
                }
                styles[role] = try style(fields, role: name, line: node.line, file: file)
                lines[role] = node.line
            } else if rolePrefixes.contains(name), case .table(let nested) = node.value {
                try collectRoles(in: nested, prefix: name, file: file, into: &styles, lines: &lines)
            } else {
                throw ThemeError(file: file, line: node.line,
                                 problem: "unknown role \"\(name)\" (see themes/README.md for role names)")
            }
        }
    }

    private static func style(_ fields: TOMLTable, role: String, line: Int, file: String) throws(ThemeError) -> PaletteStyle {
        var style = PaletteStyle()
        var monochrome: TextAttributes?
        for (key, node) in fields.ordered {
            switch key {
            case "fg": style.foreground = try color(node, field: key, role: role, file: file)
            case "bg": style.background = try color(node, field: key, role: role, file: file)
            case "attrs": style.attributes = try attributes(node, field: key, role: role, file: file)
            case "mono": monochrome = try attributes(node, field: key, role: role, file: file)
            default:
                throw ThemeError(file: file, line: node.line,
                                 problem: "unknown key \"\(key)\" in role \"\(role)\" (use \(styleKeys.joined(separator: ", ")))")
            }
        }
        // Without `mono`, a role looks the same without colour as with it, less the colours.
        style.monochrome = monochrome ?? style.attributes
        return style
    }

    /// `"#rrggbb"`, `0`-`255`, an ANSI name, or `"default"` (the terminal's own colour: nil);
    /// or a list of such a colour and the ANSI colour for 16- and 8-colour terminals.
    public static func color(_ node: TOMLNode, field: String, role: String, file: String) throws(ThemeError) -> PaletteColor? {
        if case .array(let pair) = node.value {
            guard pair.count == 2, let main = shade(pair[0]), let basic = shade(pair[1]),
                  case .indexed(let index) = basic, index < 16 else {
                throw ThemeError(file: file, line: node.line,
                                 problem: "bad colour list for \(field) of role \"\(role)\" (a list is a colour and "
                                     + "the ANSI colour for 16-colour terminals, like [\"#ff8700\", \"yellow\"])")
            }
            return PaletteColor(main, basicOverride: index)
        }
        if case .string("default") = node.value { return nil }
        if let single = shade(node) { return PaletteColor(single) }
        throw ThemeError(file: file, line: node.line,
                         problem: "bad colour \(node.shown) for \(field) of role \"\(role)\" "
                             + "(use \"#rrggbb\", 0-255, an ANSI name like \"bright-red\", or \"default\")")
    }

    private static func shade(_ node: TOMLNode) -> PaletteColor.Shade? {
        switch node.value {
        case .integer(let index) where (0...255).contains(index):
            return .indexed(UInt8(index))
        case .string(let text):
            if let index = ansiColorNames.firstIndex(of: text) { return .indexed(UInt8(index)) }
            if text.hasPrefix("#"), text.count == 7, text.dropFirst().allSatisfy(\.isHexDigit),
               let packed = Int(text.dropFirst(), radix: 16) {
                return .rgb(RGBColor(packed: packed))
            }
            return nil
        default:
            return nil
        }
    }

    private static func attributes(_ node: TOMLNode, field: String, role: String, file: String) throws(ThemeError) -> TextAttributes {
        let known = TextAttributes.named.map(\.name).joined(separator: ", ")
        guard case .array(let elements) = node.value else {
            throw ThemeError(file: file, line: node.line,
                             problem: "\(field) of role \"\(role)\" must be a list, like [\"bold\"] (names: \(known))")
        }
        var result: TextAttributes = []
        for element in elements {
            guard case .string(let name) = element.value,
                  let attribute = TextAttributes.named.first(where: { $0.name == name })?.attribute else {
                throw ThemeError(file: file, line: element.line,
                                 problem: "unknown attribute \(element.shown) in \(field) of role \"\(role)\" (use \(known))")
            }
            result.insert(attribute)
        }
        return result
    }
}
