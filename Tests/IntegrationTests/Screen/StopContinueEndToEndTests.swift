import Foundation
import Glibc
import Testing

/// Stopped from outside (SIGSTOP: no handler runs, unlike Ctrl-Z's SIGTSTP) while an interactive
/// shell is its parent: the shell takes the terminal back in its own (cooked) mode and prints on
/// the screen. On `fg` (SIGCONT) the view must be back in its own mode and repainted.
@Suite("stop and continue", .serialized,
       .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct StopContinueEndToEndTests {
    /// The pid of the process whose command line is exactly `argv`.
    static func pid(of argv: [String]) -> pid_t? {
        let wanted = argv.joined(separator: "\0") + "\0"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            if String(decoding: data, as: UTF8.self) == wanted { return pid }
        }
        return nil
    }

    @Test("SIGSTOP from outside, then fg: program mode is back and the screen is repainted")
    func externalStopThenContinue() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else {
            Issue.record("needs /bin/bash for a shell with job control")
            return
        }
        let session = try TmuxSession(command: "exec /bin/bash --norc --noprofile -i", width: 120, height: 36,
                                      environment: ["PS1": "shell$ "])
        defer { session.kill() }
        #expect(try session.waitFor("shell$").matched)
        let argv = [BuiltProducts.vmscope.path, "--no-bpf", "--", "/bin/sleep", String(Int.random(in: 100_000...999_999))]
        try session.sendLiteral(TmuxSession.shellQuote(argv))
        try session.sendKeys("Enter")
        let up = try session.waitUntil { $0.contains(argv[4]) && $0.contains("Quit") }
        #expect(up.matched, "the view did not come up:\n\(up.screen)")
        try session.sendKeys("Space")
        let paused = try session.waitUntil(timeout: .seconds(20)) { $0.contains("PAUSED") && !$0.contains("paused:") }
        #expect(paused.matched, "the view did not pause:\n\(paused.screen)")
        let before = try session.settledCapture()
        guard let pid = Self.pid(of: argv) else {
            Issue.record("cannot find vmscope's pid")
            return
        }

        #expect(kill(pid, SIGSTOP) == 0)
        let stopped = try session.waitFor("Stopped")
        #expect(stopped.matched, "the shell did not see the stop:\n\(stopped.screen)")
        try session.sendLiteral("fg")
        try session.sendKeys("Enter")
        let after = try session.settledCapture()
        #expect(after == before, "the screen was not repainted after SIGCONT:\n\(after)")
        // In program mode a key arrives alone, without Enter and without being echoed.
        try session.sendKeys("?")
        let help = try session.waitUntil { $0.contains("quit and restore the terminal") }
        #expect(help.matched, "a key did not reach the view (terminal left in the shell's mode):\n\(help.screen)")
        try session.sendKeys("Escape")
        #expect(try session.waitUntil { !$0.contains("quit and restore the terminal") }.matched)

        // Ctrl-Z (ncurses' own SIGTSTP handling, then our SIGCONT repaint too) still comes back whole.
        try session.sendKeys("C-z")
        #expect(try session.waitUntil { $0.contains("Stopped") && !$0.contains("Quit") }.matched)
        try session.sendLiteral("fg")
        try session.sendKeys("Enter")
        let afterCtrlZ = try session.settledCapture()
        #expect(afterCtrlZ == before, "the screen after Ctrl-Z and fg differs:\n\(afterCtrlZ)")
        try session.sendKeys("q")
        let back = try session.waitUntil { $0.contains("shell$") && !$0.contains("Quit") }
        #expect(back.matched, "vmscope did not give the terminal back:\n\(back.screen)")
    }
}
