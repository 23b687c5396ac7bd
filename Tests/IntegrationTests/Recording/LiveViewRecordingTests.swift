import Foundation
import Glibc
import Testing
import VMScopeCore

/// `vmscope --record FILE -- CMD`: the live view records its session, the shown process's detail
/// reads included, and `trace --replay` prints it. Skipped, with the reason, without tmux.
@Suite("live view recording", .serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct LiveViewRecordingTests {
    @Test func theLiveViewRecordsWhatItShowsAndTraceReplaysIt() throws {
        let scratch = try RecordingScratch()
        let file = scratch.path("live.vmrec")
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            [BuiltProducts.vmscope.path, "--record", file, "--interval", "100", "--", BuiltProducts.workload.path, "storm", "3000"]))
        defer { session.kill() }
        #expect(try session.waitFor("PID").matched)
        // Until the recording holds the command's end (the view stays open after it).
        let deadline = ContinuousClock.now + .seconds(30)
        var ended = false
        while !ended, ContinuousClock.now < deadline {
            usleep(200_000)
            if let player = try? RecordingPlayer(path: file) {
                while player.nextTick() != nil {}
                ended = player.processes.first?.ending != nil
            }
        }
        #expect(ended, "the recording never showed the command's end")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)

        let player = try RecordingPlayer(path: file)
        #expect(player.start?.command.last == "3000")
        #expect(player.error == nil && player.warnings.isEmpty, "\(player.warnings)")
        _ = player.advance(to: .max)
        let process = try #require(player.processes.first)
        #expect(process.ending == .exited(status: 0))
        let details = player.details(of: process)
        #expect(details?.facts?.pid == process.pid, "the shown process's facts were recorded")

        let replay = try scratch.vmscope(["trace", "--replay", file])
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(replay.standardOutput.hasPrefix("# vmscope trace of pid \(process.pid): "))
        #expect(replay.standardOutput.contains("exited 0"))
    }
}
