import ArgumentParser
import VMScopeCore

/// `vmscope trace --replay FILE`: the recording through the trace writer, headless. A truncated
/// recording prints what it holds and warns (exit 0); a corrupt one prints what came before the
/// damage, then the one-line error (exit 1).
enum TraceReplay {
    static func run(path: String, writer: TraceWriter) throws {
        let outcome = try RecordingPlayer.play(path: path, to: writer)
        for warning in outcome.warnings { StandardError.print(warning) }
        if let error = outcome.error {
            StandardError.print("\(error)")
            throw ExitCode(1)
        }
    }
}
