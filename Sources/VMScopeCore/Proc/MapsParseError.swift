/// A /proc/PID/maps line that is not in the format the kernel writes.
///
/// The description names the line number, what is wrong and the line itself (escaped with
/// `SafeText`, shortened when long), e.g. `maps line 3: bad permissions "rwzp" in "…"`.
public struct MapsParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public var lineNumber: Int
    /// What is wrong, e.g. `bad permissions "rwzp"`.
    public var problem: String
    /// The offending line, already escaped and shortened for display.
    public var line: String

    public init(lineNumber: Int, problem: String, line: String) {
        self.lineNumber = lineNumber
        self.problem = problem
        self.line = line
    }

    public var description: String {
        "maps line \(lineNumber): \(problem) in \"\(line)\""
    }
}
