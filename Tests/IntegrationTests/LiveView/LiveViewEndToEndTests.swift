import Foundation
import Testing

/// The real binary, full screen, in a real terminal (tmux): what a person would see and type.
@Suite("live view in tmux", .serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct LiveViewEndToEndTests {
    /// Lines of the event log (right-hand panel on a 160-column screen) that start with a time.
    static func eventTimes(_ screen: String) -> [Double] {
        screen.split(separator: "\n").compactMap { line -> Double? in
            guard let bar = line.firstIndex(of: "│") else { return nil }
            let right = line[line.index(after: bar)...].trimmingCharacters(in: .whitespaces)
            return right.split(separator: " ").first.flatMap { Double($0) }
        }
    }

    @Test("vmscope with no arguments watches the demo: header, bar, gap label, growing log, keys, clean quit")
    func demo() throws {
        let session = try TmuxSession(command: TmuxSession.shellQuote([BuiltProducts.vmscope.path]))
        defer { session.kill() }

        let header = try session.waitFor("vmscope demo")
        #expect(header.matched, "no header:\n\(header.screen)")
        let expectedSource = KernelSupport.bpfAvailable ? "via eBPF" : "via polling"
        // The demo's heap comes and goes (it shrinks the break back at times), and with it the
        // heap marker: wait for a frame that has it. The footer is in the wait too: a capture can
        // land while the first frame is still being written from the top. (The gap is the demo's
        // narrow window, MiB rather than TiB.)
        let started = try session.waitUntil(timeout: .seconds(10)) {
            $0.contains(expectedSource) && $0.contains(" gap, ") && $0.contains("heap▶") && $0.contains("◀mmap")
                && $0.contains("Quit") && $0.contains("Help")
        }
        #expect(started.matched, "header source, gap label or convergence markers missing:\n\(started.screen)")
        let lines = started.screen.split(separator: "\n")
        #expect(lines.contains { $0.filter { $0 == "█" }.count > 80 }, "no address bar:\n\(started.screen)")
        #expect(started.screen.contains("[compressed gaps]"))

        // The event log grows: later captures show newer times.
        let first = Self.eventTimes(started.screen).max() ?? 0
        let later = try session.waitUntil(timeout: .seconds(10)) { (Self.eventTimes($0).max() ?? 0) > first + 0.5 }
        #expect(later.matched, "the event log did not move past \(first):\n\(later.screen)")

        // s cycles the scale.
        try session.sendKeys("s")
        #expect(try session.waitFor("[logarithmic]").matched)
        try session.sendKeys("s")
        // The demo's gap text sits near the heap, at the right of a linear bar: the scale may be
        // left with room for its shortest form, `[lin]`.
        #expect(try session.waitFor("[lin").matched)
        try session.sendKeys("s")
        #expect(try session.waitFor("[compressed gaps]").matched)

        // ? shows every key; Escape closes it.
        try session.sendKeys("?")
        // Its first and a later row in one wait: a capture can land while the overlay is being drawn.
        let help = try session.waitUntil { $0.contains("quit and restore the terminal") && $0.contains("cycle the event-log filter") }
        #expect(help.matched, "no help overlay, or one missing rows:\n\(help.screen)")
        try session.sendKeys("Escape")
        #expect(try session.waitUntil { !$0.contains("quit and restore the terminal") }.matched)

        // Tab to the log, scroll back: the title says how far.
        try session.sendKeys("Tab")
        try session.sendKeys("PageUp")
        let scrolled = try session.waitFor("back")
        #expect(scrolled.matched, "scrolling the log did not show:\n\(scrolled.screen)")

        // Region table: Down moves the selection marker along the table.
        try session.sendKeys("Tab", "Down", "Down")

        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.terminalRestored(), "the terminal was not restored after q")
    }

    @Test("vmscope -- CMD watches the workload from exec and keeps its last picture after it exits")
    func command() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let report = scratch.appendingPathComponent("report.jsonl")
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            [BuiltProducts.vmscope.path, "--interval", "100", "--", BuiltProducts.workload.path, report.path, scratch.path]))
        defer { session.kill() }

        let exited = try session.waitFor("exited 0", timeout: .seconds(15))
        #expect(exited.matched, "the header never said the process exited:\n\(exited.screen)")
        #expect(exited.screen.contains("vmscope-workload"))
        if KernelSupport.bpfAvailable {
            // The moving mremap and the failed munmap are in the log.
            try session.sendKeys("f")  // memory calls only
            let log = try session.waitUntil { $0.contains("mremap") && $0.contains("FAIL") }
            #expect(log.matched, "the workload's calls are not in the log:\n\(log.screen)")
        }
        // The last layout stays on screen.
        #expect(exited.screen.split(separator: "\n").contains { $0.filter { $0 == "█" }.count > 40 })
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.terminalRestored())
    }

    @Test("a terminal below the usable size says so, and follows a resize at once")
    func tooSmallAndResize() throws {
        let session = try TmuxSession(command: TmuxSession.shellQuote([BuiltProducts.vmscope.path]), width: 50, height: 12)
        defer { session.kill() }
        let small = try session.waitFor("too small")
        #expect(small.matched, "no too-small notice:\n\(small.screen)")
        try session.resize(width: 160, height: 48)
        let big = try session.waitFor("vmscope demo")
        #expect(big.matched, "did not redraw after the resize:\n\(big.screen)")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    /// The demo narrows the room between heap and mmap area (mapping down from a ceiling above its
    /// heap) so they meet in its first cycle: the refused brk is marked on the bar and the gauge
    /// and explained in the gauge's row and the log. A refused brk is only seen through eBPF.
    @Test("the demo's heap meets its mappings: the refused brk is marked and explained",
          .enabled(if: KernelSupport.bpfAvailable, Comment(rawValue: KernelSupport.bpfMissingReason ?? "")))
    func demoCollision() throws {
        let session = try TmuxSession(command: TmuxSession.shellQuote([BuiltProducts.vmscope.path]))
        defer { session.kill() }
        let window = try session.waitFor("narrow 96 MiB window")
        #expect(window.matched, "the header does not say the demo narrows the window:\n\(window.screen)")
        // The first cycle meets about 5 s in (150 ms steps); allow for a loaded machine.
        let met = try session.waitUntil(timeout: .seconds(25)) {
            $0.contains("refused: mapping at") && $0.contains("collision") && $0.contains("✕")
        }
        #expect(met.matched, "no collision shown:\n\(met.screen)")
        let lines = met.screen.split(separator: "\n").map(String.init)
        // The gauge row: heap ▶ … ◀ mmap with the ✕ where they met and the reason.
        let gauge = lines.first { $0.contains("heap ") && $0.contains("▶") && $0.contains("◀") && $0.contains("refused") }
        #expect(gauge?.contains("✕") == true, "the gauge does not mark it:\n\(met.screen)")
        // The bar rows (full of █) carry a ✕ too.
        #expect(lines.contains { $0.filter { $0 == "█" }.count > 80 && $0.contains("✕") }, "the bar does not mark it:\n\(met.screen)")
        // The log's collision line, in the failure filter's view as well.
        try session.sendKeys("f", "f", "f", "f")
        let failures = try session.waitUntil { $0.contains("failures only") && $0.contains("collision") }
        #expect(failures.matched, "the collision is not among the failures:\n\(failures.screen)")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
