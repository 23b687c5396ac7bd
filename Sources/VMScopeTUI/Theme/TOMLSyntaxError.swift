/// Text that is not TOML, or TOML beyond what theme files use: where and what.
public struct TOMLSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }
}
