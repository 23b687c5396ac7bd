import Foundation
import Testing

/// The kernel's searches for room in the real live view: the window under the bar while mmaps
/// happen, the log's cursor, and a fragmentation failure called out.
@Suite("gap searches in the live view", .serialized,
       .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")),
       .enabled(if: KernelSupport.bpfAvailable, Comment(rawValue: KernelSupport.bpfMissingReason ?? "")))
struct GapSearchEndToEndTests {
    @Test("a workload mapping 1 MiB every 200 ms: its search under the bar; < selects a line, Esc ends it")
    func recentSearchAndSelection() throws {
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            [BuiltProducts.vmscope.path, "--", BuiltProducts.workload.path, "--loop", "1024"]), width: 80, height: 24)
        defer { session.kill() }

        // Renewed by every mmap (200 ms apart, shown for 3 s): steadily there, not a flicker.
        let bracket = try session.waitUntil(timeout: .seconds(15)) { $0.contains("top-down search, 1.0 MiB") && $0.contains("├") }
        #expect(bracket.matched, "no search window under the bar:\n\(bracket.screen)")
        for _ in 0..<5 {
            usleep(150_000)
            #expect(try session.capture().contains("top-down search, 1.0 MiB"), "the window flickered off")
        }

        try session.sendKeys("<")
        let selected = try session.waitFor("selected ·")
        #expect(selected.matched, "< selected no log line:\n\(selected.screen)")
        #expect(selected.screen.contains("Esc ends"), "the footer does not say how to end the selection")
        try session.sendKeys("Escape")
        let ended = try session.waitUntil { !$0.contains("selected ·") && $0.contains("event selection ended") }
        #expect(ended.matched, "Esc did not end the selection:\n\(ended.screen)")

        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test("a 32-bit program that cannot place 100 MiB with 128 MiB free: fragmentation under the bar and in the log",
          .enabled(if: CompatWorkload.path != nil, Comment(rawValue: CompatWorkload.missingReason ?? "")))
    func fragmentation() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            [BuiltProducts.vmscope.path, "--", try #require(CompatWorkload.path).path, "exhaust",
             scratch.appendingPathComponent("report.jsonl").path]), width: 100, height: 30)
        defer { session.kill() }

        // The failure is held on the bar for 10 s, past the smaller requests that follow it.
        let failed = try session.waitUntil(timeout: .seconds(15)) {
            $0.contains("exited 0") && $0.split(separator: "\n").contains {
                ($0.contains("├") || $0.contains("┤")) && $0.contains("no gap of 10") && $0.contains(": fragmentation")
            }
        }
        #expect(failed.matched, "no fragmentation under the bar:\n\(failed.screen)")
        #expect(failed.screen.contains("✕"))
        // The log's failed calls lead with why (f four times: failures only).
        try session.sendKeys("f", "f", "f", "f")
        let log = try session.waitUntil { $0.contains("failures only") && $0.contains("FAIL") && $0.contains("MiB no gap of ") }
        #expect(log.matched, "the failed calls do not say why:\n\(log.screen)")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
