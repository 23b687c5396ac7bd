import Foundation
import Glibc
import Testing

/// Several processes in one live view, driven in tmux like a person would: the picker, `[`/`]`,
/// following children, and what an unprivileged user sees.
@Suite("watch list in tmux", .serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct WatchListEndToEndTests {
    /// `vmscope-workload --loop KIB`: maps, touches and unmaps KIB KiB every 200 ms, so its events
    /// carry a size no other process's do (a multiple of the page size, as the log shows it).
    final class LoopingWorkload {
        let process = Process()
        let kib: Int
        var pid: Int32 { process.processIdentifier }

        init(kib: Int) throws {
            self.kib = kib
            process.executableURL = BuiltProducts.workload
            process.arguments = ["--loop", "\(kib)"]
            try process.run()
        }

        deinit {
            // SIGKILL: test workers block SIGTERM, and a child inherits the blocked mask.
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The event log: the part of each line right of the panel rule (160 columns, side by side).
    static func eventLog(_ screen: String) -> String {
        screen.split(separator: "\n").compactMap { line in
            line.firstIndex(of: "│").map { String(line[line.index(after: $0)...]) }
        }.joined(separator: "\n")
    }

    /// The screen shows `workload` with its own events and none of `other`'s. All of it is one
    /// wait: a capture can land while a frame is still being written (the header already
    /// switched, the log lines below not yet), so a torn frame is waited past, while a log that
    /// keeps showing the other process's events fails at the timeout.
    static func shows(_ workload: LoopingWorkload, not other: LoopingWorkload, on screen: String) -> Bool {
        let log = eventLog(screen)
        return screen.contains("PID \(workload.pid)") && log.contains("\(workload.kib) KiB") && !log.contains("\(other.kib) KiB")
    }

    @Test("two workloads: pick one, pick the other, switch back and forth, each shows only its own events",
          .enabled(if: KernelSupport.bpfAvailable, Comment(rawValue: KernelSupport.bpfMissingReason ?? "")))
    func pickAndSwitch() throws {
        let small = try LoopingWorkload(kib: 116)
        let large = try LoopingWorkload(kib: 456)
        let session = try TmuxSession(command: TmuxSession.shellQuote([BuiltProducts.vmscope.path, "--pick"]))
        defer { session.kill() }

        // The picker lists every process; typing a pid filters down to it, Enter watches it.
        let picker = try session.waitFor("vmscope-workload")
        #expect(picker.matched, "the picker does not list the workloads:\n\(picker.screen)")
        try session.sendLiteral("\(small.pid)")
        try session.sendKeys("Enter")
        let first = try session.waitUntil { Self.shows(small, not: large, on: $0) }
        #expect(first.matched, "watching the 116 KiB workload does not show its events alone:\n\(first.screen)")

        // p again: the second one joins the watch list and is shown.
        try session.sendKeys("p")
        #expect(try session.waitFor("vmscope-workload").matched)
        try session.sendLiteral("\(large.pid)")
        try session.sendKeys("Enter")
        let second = try session.waitUntil { Self.shows(large, not: small, on: $0) }
        #expect(second.matched, "watching the 456 KiB workload does not show its events alone:\n\(second.screen)")
        #expect(second.screen.contains("watching 2:"), "no watch-list strip:\n\(second.screen)")

        // [ goes back to the first: its own history, still growing while it was not shown.
        try session.sendKeys("[")
        let back = try session.waitUntil { Self.shows(small, not: large, on: $0) }
        #expect(back.matched, "[ did not show the first process again, alone:\n\(back.screen)")

        // ] returns to the second.
        try session.sendKeys("]")
        let again = try session.waitUntil { Self.shows(large, not: small, on: $0) }
        #expect(again.matched, "] did not show the second process again, alone:\n\(again.screen)")

        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.terminalRestored())
    }

    @Test("-p with two pids, then x: the strip shows both, x leaves one")
    func watchListFromTheCommandLine() throws {
        let small = try LoopingWorkload(kib: 116)
        let large = try LoopingWorkload(kib: 456)
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            [BuiltProducts.vmscope.path, "-p", "\(small.pid),\(large.pid)"]))
        defer { session.kill() }
        let strip = try session.waitFor("watching 2:")
        #expect(strip.matched, "no watch-list strip:\n\(strip.screen)")
        #expect(strip.screen.contains("PID \(small.pid)"), "the first -p process is not shown first")
        try session.sendKeys("x")
        let one = try session.waitUntil { $0.contains("PID \(large.pid)") && !$0.contains("watching 2:") }
        #expect(one.matched, "x did not take the shown process off the list:\n\(one.screen)")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test("--follow: a child the watched shell forks joins the watch list")
    func followChildren() throws {
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            [BuiltProducts.vmscope.path, "--follow", "--interval", "100", "--",
             "/bin/sh", "-c", "\(BuiltProducts.workload.path) --loop 788 & wait"]))
        defer { session.kill() }
        let joined = try session.waitUntil(timeout: .seconds(15)) { $0.contains("watching 2:") && $0.contains("following children") }
        #expect(joined.matched, "the forked child never joined the watch list:\n\(joined.screen)")
        // The child is the second entry: ] shows it, with its own events once it has exec'd.
        try session.sendKeys("]")
        let child = try session.waitUntil(timeout: .seconds(10)) {
            $0.contains("vmscope-workload --loop 788") && (!KernelSupport.bpfAvailable || Self.eventLog($0).contains("788 KiB"))
        }
        #expect(child.matched, "] did not show the followed child:\n\(child.screen)")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test("as an unprivileged user: polling, and the header and bar say what is missing",
          .enabled(if: geteuid() == 0, "needs root to drop to uid 65534 with setpriv"),
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs /usr/bin/setpriv (util-linux)"))
    func unprivileged() throws {
        let target = try LoopingWorkload(kib: 116)  // owned by root: nobody may not read its maps
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
             BuiltProducts.vmscope.path, "-p", "\(target.pid)"]))
        defer { session.kill() }
        // One wait for all of it: a capture can land in the middle of a line being written.
        let screen = try session.waitUntil {
            $0.contains("via polling") && $0.contains("no CAP_BPF+CAP_PERFMON")
                && $0.contains("permission denied") && $0.contains("CAP_SYS_PTRACE")
        }
        #expect(screen.matched, "no word about missing privileges, or not all of it:\n\(screen.screen)")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
