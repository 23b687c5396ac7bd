import VMScopeCore

/// Why a theme could not be used, as one line naming the file, the line and the problem:
/// `theme /home/me/.config/vmscope/themes/x.toml, line 12: unknown role "region.hep" (see themes/README.md for role names)`.
/// The forms are documented in themes/README.md.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user knows it: the path, or `NAME.toml (built-in)`.
    public var file: String
    /// 1-based; nil when the problem is the whole file (it cannot be read).
    public var line: Int?
    public var problem: String

    public init(file: String, line: Int?, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    /// One line, always: control characters from the file or its path are shown escaped, so
    /// none can break the line or reach the terminal.
    public var description: String {
        SafeText.escape(line.map { "theme \(file), line \($0): \(problem)" } ?? "theme \(file): \(problem)")
    }
}
