import ArgumentParser
import VMScopeCore

/// `vmscope trace --replay FILE`: the recording through the trace writer, headless. A truncated
/// recording prints what it holds and warns (exit 0); a corrupt one prints what came before the
/// damage, then the one-line error (exit 1).
enum TraceReplay {
    static func run(path: String, writer: TraceWriter) throws {
        let player = try RecordingPlayer(path: path)
        player.play(to: writer)
        for warning in player.warnings { StandardError.print(warning) }
        if let error = player.error {
            StandardError.print("\(error)")
            throw ExitCode(1)
        }
    }
}
