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
            [BuiltProducts.vmscope.path, "--record", file, "--interval", "100", "--", BuiltProducts.workload.path, "--loop", "116"]))
        defer { session.kill() }
        #expect(try session.waitFor("PID").matched)
        // Until the recording holds the shown process's facts (read in the background after a
        // snapshot; the recording is written a tick at a time, so it can be read while it grows).
        let deadline = ContinuousClock.now + .seconds(30)
        var recorded: (pid: Int32, facts: ProcessFacts?)?
        while recorded?.facts == nil, ContinuousClock.now < deadline {
            usleep(200_000)
            if let player = try? RecordingPlayer(path: file) {
                _ = player.advance(to: .max)
                if let process = player.processes.first { recorded = (process.pid, player.details(of: process)?.facts) }
            }
        }
        let pid = try #require(recorded?.pid, "the recording never showed the command")
        #expect(recorded?.facts?.pid == pid, "the shown process's facts were never recorded")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)

        let player = try RecordingPlayer(path: file)
        #expect(player.start?.command.last == "116")
        #expect(player.error == nil && player.warnings.isEmpty, "\(player.warnings)")
        #expect(player.eventTimes().count > 0)

        let replay = try scratch.vmscope(["trace", "--replay", file])
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(replay.standardOutput.hasPrefix("# vmscope trace of pid \(pid): "))
        #expect(replay.standardOutput.contains("mmap"))
        // Quitting ends the watching (the engine's last updates): the recording says so too.
        _ = player.advance(to: .max)
        #expect(player.processes.first?.ending == .stopped, "the recording lacks the end the live view saw")
        #expect(replay.standardOutput.contains("# pid \(pid) still running, no longer traced"))
    }
}
