import Foundation

/// The result of running one command to completion.
struct CommandRun {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// `CommandRunBytes.run`, its output decoded as UTF-8 ("" when it is not).
    static func run(_ executable: URL, _ arguments: [String]) throws -> CommandRun {
        let run = try CommandRunBytes.run(executable, arguments)
        return CommandRun(status: run.status,
                          standardOutput: String(data: run.standardOutput, encoding: .utf8) ?? "",
                          standardError: String(data: run.standardError, encoding: .utf8) ?? "")
    }
}
