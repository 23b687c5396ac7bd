import Foundation
import Testing

/// `vmscope replay` on a real recording (`vmscope trace --record` of the workload), full screen
/// in tmux: the keys move the replay and the screen follows.
@Suite("replay in tmux", .serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct ReplayEndToEndTests {
    /// `event N of M` from the strip's status row.
    static func eventCounter(_ screen: String) -> (shown: Int, total: Int)? {
        guard let range = screen.range(of: #"event [0-9]+ of [0-9]+"#, options: .regularExpression) else { return nil }
        let numbers = screen[range].split(separator: " ").compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    /// Lines of the event log (the right-hand panel on a 160-column screen).
    static func logLines(_ screen: String) -> Int { LiveViewEndToEndTests.eventTimes(screen).count }

    @Test("vmscope replay: start, end, steps forward and back, play and speed, clean quit")
    func replayARecording() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let recording = scratch.appendingPathComponent("workload.vmrec").path
        let record = try CommandRun.run(BuiltProducts.vmscope, ["trace", "--record", recording, "-o", scratch.appendingPathComponent("trace.txt").path,
                                                                "--", BuiltProducts.workload.path, "random", "7", "60"])
        if record.standardError.contains("--record") && record.status != 0 {
            // Until `trace --record` is in this build there is nothing to replay.
            Issue.record("skipped: this vmscope cannot record yet (\(record.standardError.prefix(200)))")
            return
        }
        try #require(record.status == 0, "trace --record failed (\(record.status)): \(record.standardError)")

        let session = try TmuxSession(command: TmuxSession.shellQuote([BuiltProducts.vmscope.path, "replay", recording]))
        defer { session.kill() }
        let opened = try session.waitUntil { $0.contains("replay of") && $0.contains("❚❚ 1×") && Self.eventCounter($0) != nil }
        #expect(opened.matched, "no replay header or strip:\n\(opened.screen)")
        guard let total = Self.eventCounter(opened.screen)?.total else { return }
        #expect(total > 60, "a recording of 60 random calls has more events than \(total)")

        // $: the end, every event shown, the log full.
        try session.sendKeys("$")
        let end = try session.waitUntil { Self.eventCounter($0)?.shown == total && $0.contains("at the end") }
        #expect(end.matched, "$ did not go to the end:\n\(end.screen)")
        let linesAtEnd = Self.logLines(end.screen)
        #expect(linesAtEnd > 5, "the log at the end shows \(linesAtEnd) lines:\n\(end.screen)")

        // 0: back to the start, the log nearly empty again (rebuilt from the start).
        try session.sendKeys("0")
        let start = try session.waitUntil { $0.contains("at the start") && (Self.eventCounter($0)?.shown ?? total) < total }
        #expect(start.matched, "0 did not go back to the start:\n\(start.screen)")
        let shownAtStart = Self.eventCounter(start.screen)?.shown ?? total
        #expect(Self.logLines(start.screen) < linesAtEnd)

        // n twice, then b: the counter moves one event time at a time, the header time with it.
        try session.sendKeys("n")
        let one = try session.waitUntil { (Self.eventCounter($0)?.shown ?? 0) > shownAtStart }
        #expect(one.matched, "n did not step forward:\n\(one.screen)")
        let afterOne = Self.eventCounter(one.screen)?.shown ?? 0
        try session.sendKeys("n")
        let two = try session.waitUntil { (Self.eventCounter($0)?.shown ?? 0) > afterOne }
        #expect(two.matched, "a second n did not step forward:\n\(two.screen)")
        try session.sendKeys("b")
        let back = try session.waitUntil { Self.eventCounter($0)?.shown == afterOne }
        #expect(back.matched, "b did not step back to event \(afterOne):\n\(back.screen)")

        // Space plays; } speeds up; it plays to the end and pauses there.
        try session.sendKeys("}")
        #expect(try session.waitFor("speed 2×").matched)
        try session.sendKeys("Space")
        #expect(try session.waitFor("▶ 2×").matched)
        try session.sendKeys("}", "}", "}", "}", "}")
        let played = try session.waitUntil(timeout: .seconds(30)) { Self.eventCounter($0)?.shown == total && $0.contains("❚❚ 64×") }
        #expect(played.matched, "playing at 64× did not reach the end and pause:\n\(played.screen)")

        // i: the detail pane of the selected event.
        try session.sendKeys("Tab", "<", "i")
        #expect(try session.waitFor("Detail · event").matched)

        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.terminalRestored(), "the terminal was not restored after q")
    }

    @Test("vmscope replay on a file that is not a recording: one line naming it, exit 1, no screen")
    func badFile() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bogus = scratch.appendingPathComponent("not-a-recording")
        try Data("hello, this is text\n".utf8).write(to: bogus)
        let run = try CommandRun.run(BuiltProducts.vmscope, ["replay", bogus.path])
        #expect(run.status == 1)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.contains(bogus.path + ": byte 0") == true, "stderr: \(run.standardError)")
        // The screen never started: no escape sequences at all.
        #expect(!run.standardOutput.contains("\u{1b}") && !run.standardError.contains("\u{1b}"))
        let missing = try CommandRun.run(BuiltProducts.vmscope, ["replay", scratch.appendingPathComponent("nope").path])
        #expect(missing.status == 1 && missing.standardError.split(separator: "\n").count == 1, "stderr: \(missing.standardError)")
    }
}
