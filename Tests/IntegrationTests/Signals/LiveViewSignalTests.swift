import Foundation
import Glibc
import Testing

/// The live view stopped by a signal: the terminal is given back and the status is 128 + n.
@Suite("live view stopped by a signal", .serialized, .enabled(if: TmuxSession.isAvailable))
struct LiveViewSignalTests {
    @Test("kill -TERM / -HUP of the live view: terminal restored, exit 128 + n", arguments: [SIGTERM, SIGHUP])
    func signalled(signal: Int32) throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer { kill(sleeper.processIdentifier, SIGKILL); sleeper.waitUntilExit() }
        // `exec`: the pane shell's one child is vmscope itself.
        let session = try TmuxSession(command: "exec " + TmuxSession.shellQuote([BuiltProducts.vmscope.path, "-p",
                                                                                String(sleeper.processIdentifier)]))
        defer { session.kill() }
        let shown = try session.waitFor("PID \(sleeper.processIdentifier)", timeout: .seconds(15))
        #expect(shown.matched, "\(shown.screen)")
        let shell = try #require(try session.panePID())
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let vmscope = try #require(Int32(children.split(separator: " ").first ?? ""), "no child of the pane shell")
        kill(vmscope, signal)
        let status = try session.waitForExit(timeout: .seconds(10))
        let screen = (try? session.capture()) ?? ""
        #expect(status == 128 + signal, "\(screen)")
        #expect(try session.terminalRestored())
    }
}
