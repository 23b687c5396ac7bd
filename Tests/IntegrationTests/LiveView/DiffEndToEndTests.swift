import Foundation
import Testing

/// The live mark and diff in a real terminal: `m` marks the watched process, it goes on mapping,
/// `d` shows what changed since the mark in the region table's place.
@Suite("live diff in tmux", .serialized,
       .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")),
       .enabled(if: KernelSupport.bpfAvailable, Comment(rawValue: KernelSupport.bpfMissingReason ?? "")))
struct DiffEndToEndTests {
    @Test("m marks, the workload maps on, d shows added rows with their cause; d again gives the table back")
    func markThenDiff() throws {
        // A long seeded random sequence, pausing after every call: it maps (and unmaps) for
        // minutes, so mappings newer than the mark are always there to see.
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            [BuiltProducts.vmscope.path, "--", BuiltProducts.workload.path, "random", "11", "10000000", "1"]),
                                      width: 120, height: 36)
        defer { session.kill() }
        let started = try session.waitUntil(timeout: .seconds(15)) { $0.contains(" mmap ") }
        #expect(started.matched, "the workload's mmaps never showed:\n\(started.screen)")

        try session.sendKeys("d")
        #expect(try session.waitFor("no mark yet: m marks this moment").matched, "d before m should say a mark is needed")

        try session.sendKeys("m")
        #expect(try session.waitFor("mark set: d shows what changed since").matched)
        try session.sendKeys("d")
        let diff = try session.waitUntil(timeout: .seconds(15)) { screen in
            screen.contains("Diff since mark at +")
                && screen.split(separator: "\n").contains { $0.hasPrefix(" added ") && $0.contains("mmap") }
        }
        #expect(diff.matched, "no added row with its mmap in the diff:\n\(diff.screen)")
        #expect(diff.screen.contains("d: back"))

        try session.sendKeys("d")
        let table = try session.waitUntil { !$0.contains("Diff since mark") && $0.contains("Regions") }
        #expect(table.matched, "d did not give the region table back:\n\(table.screen)")

        try session.sendKeys("q")
        #expect(try session.waitForExit() != nil)
    }
}
