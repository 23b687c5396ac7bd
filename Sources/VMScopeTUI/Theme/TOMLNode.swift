/// A value read from a theme file, with the line it was written on (for error messages).
public struct TOMLNode: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case array([TOMLNode])
        case table(TOMLTable)
    }

    public var value: Value
    /// 1-based line of the key (or, inside an array, of the element).
    public var line: Int

    public init(_ value: Value, line: Int) {
        self.value = value
        self.line = line
    }

    /// How the value reads in an error message: strings quoted, the rest as TOML writes them.
    public var shown: String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .integer(let number): String(number)
        case .boolean(let flag): String(flag)
        case .array: "a list"
        case .table: "a table"
        }
    }
}
