import Foundation
import Glibc
import Testing

/// What a signal to `vmscope trace` does: the status a shell expects (128 + n), and a started
/// command that ends with it instead of being left running, orphaned.
@Suite("trace stopped by a signal", .serialized)
struct SignalExitTests {
    @Test("trace -p exits 128 + n after SIGTERM, SIGHUP and SIGINT", arguments: [SIGTERM, SIGHUP, SIGINT])
    func exitStatus(signal: Int32) throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer { kill(sleeper.processIdentifier, SIGKILL); sleeper.waitUntilExit() }
        let trace = try RunningTrace(["-p", String(sleeper.processIdentifier)])
        #expect(trace.waitUntilAttached(), "the trace never began")
        let run = trace.stop(with: signal)
        #expect(run.status == 128 + signal, "\(run.summary)")
    }

    @Test("kill -INT of trace -- CMD: the command gets the signal too and is gone when vmscope is")
    func commandIsNotOrphaned() throws {
        let trace = try RunningTrace(["--", "/bin/sleep", "30"])
        #expect(trace.waitUntilAttached(), "the trace never began")
        let children = try String(contentsOfFile: "/proc/\(trace.pid)/task/\(trace.pid)/children", encoding: .utf8)
        let child = try #require(Int32(children.split(separator: " ").first ?? ""), "no child in '\(children)'")
        let run = trace.stop(with: SIGINT)
        #expect(run.status == 130, "\(run.summary)")
        // Reaped by vmscope, not re-parented and still sleeping.
        let alive = kill(child, 0) == 0
        let stat = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)) ?? ""
        if alive { kill(child, SIGKILL) }
        #expect(!alive, "sleep (pid \(child)) outlived the trace: \(stat)")
    }
}
