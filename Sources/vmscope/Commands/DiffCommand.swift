import ArgumentParser
import VMScopeCore

/// `vmscope diff FILE`: what changed in each recorded process's address space between two
/// moments of a recording, and the events that caused it. Parses and wires only: the moments,
/// the replay and the diff are `RecordingMoment`, `RecordingDiff` and `AddressSpaceDiff`.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two moments of a recording: regions added, removed, grown, shrunk, moved, re-protected, RSS, and the events behind each.",
        discussion: """
            Times are seconds from the recording's start (2.5, 2.5s, 1500ms) or start / end. \
            --json writes one JSON document per process, one per line (see the README).
            """)

    @Argument(help: "A recording made with `vmscope trace --record FILE`.")
    var file: String

    @Option(help: "The first moment (default: start).")
    var from: String = "start"

    @Option(help: "The second moment (default: end).")
    var to: String = "end"

    @Option(name: [.customShort("p"), .customLong("pid")], parsing: .unconditional,
            help: "Only this process (default: every process in the recording).")
    var pid: Int32?

    @Flag(help: "Write JSON instead of a table.")
    var json = false

    func validate() throws {
        if RecordingMoment(parsing: from) == nil { throw ValidationError(Self.badMoment("--from", from)) }
        if RecordingMoment(parsing: to) == nil { throw ValidationError(Self.badMoment("--to", to)) }
        if let pid, pid <= 0 { throw ValidationError("-p needs a positive process id, not \(pid)") }
    }

    static func badMoment(_ option: String, _ value: String) -> String {
        "\(option) must be seconds from the recording's start (2.5, 2.5s, 1500ms), start or end, not '\(SafeText.escape(value))'"
    }

    func run() throws {
        let output = LineOutput()
        defer { output.flush() }
        do {
            let player = try RecordingPlayer(path: file)
            for warning in player.warnings { StandardError.print(warning) }
            if let error = player.error { StandardError.print(error.description) }
            let span = try RecordingDiff.span(from: RecordingMoment(parsing: from)!, to: RecordingMoment(parsing: to)!,
                                              start: player.startTime, end: player.endTime)
            let diffs = try RecordingDiff.diffs(player, from: span.from, to: span.to, pid: pid)
            if diffs.isEmpty { StandardError.print("\(SafeText.escape(file)): no process in the recording") }
            for (index, entry) in diffs.enumerated() {
                if json {
                    DiffJSONRenderer.line(entry.diff, pid: entry.pid, name: entry.name, origin: player.startTime)
                        .write(to: output)
                } else {
                    if index > 0 { output.write("\n") }
                    for line in DiffTextRenderer.lines(entry.diff, pid: entry.pid, name: entry.name,
                                                       origin: player.startTime) {
                        output.write(line + "\n")
                    }
                }
            }
        } catch let error as RecordingError {
            StandardError.print(error.description)
            throw ExitCode(1)
        } catch let error as RecordingDiff.Failure {
            StandardError.print(error.description)
            throw ExitCode(1)
        }
    }
}
