import Foundation
import Testing

/// The tmux harness itself, against plain shell commands, so a failing end-to-end test of the
/// live view points at the view and not at the harness.
@Suite("tmux harness", .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct TmuxSessionTests {
    @Test("a running command is captured; keys reach it; its exit and status show")
    func runCaptureKeysExit() throws {
        let session = try TmuxSession(command: "printf 'hello from the pane\\n'; read answer; echo \"got $answer\"; exit 3",
                                      width: 80, height: 10)
        let first = try session.waitFor("hello from the pane")
        #expect(first.matched, "screen:\n\(first.screen)")
        #expect(try session.isRunning())
        #expect(try session.exitStatus() == nil)
        try session.sendLiteral("yes")
        try session.sendKeys("Enter")
        #expect(try session.waitForExit() == 3)
        #expect(try session.capture().contains("got yes"))
        #expect(try session.terminalRestored())
    }

    @Test("the pane has the requested size, and resizes")
    func size() throws {
        let session = try TmuxSession(command: "stty size; read x; stty size; read y", width: 100, height: 20)
        #expect(try session.waitFor("20 100").matched)
        try session.resize(width: 60, height: 15)
        try session.sendKeys("Enter")
        let after = try session.waitFor("15 60")
        #expect(after.matched, "screen:\n\(after.screen)")
    }

    @Test("the alternate screen is seen while on and gone once left")
    func alternateScreen() throws {
        let session = try TmuxSession(command: "printf '\\033[?1049hINSIDE'; read x; printf '\\033[?1049l'", width: 80, height: 10)
        #expect(try session.waitFor("INSIDE").matched)
        #expect(try session.alternateScreenOn())
        #expect(try !session.terminalRestored())
        try session.sendKeys("Enter")
        #expect(try session.waitForExit() == 0)
        #expect(try !session.alternateScreenOn())
        #expect(try !session.capture().contains("INSIDE"), "the normal screen is back")
    }

    @Test("capture with escapes keeps colours, plain capture drops them")
    func escapes() throws {
        let session = try TmuxSession(command: "printf '\\033[31mRED\\033[0m\\n'; read x", width: 80, height: 10)
        #expect(try session.waitFor("RED").matched)
        let coloured = try session.capture(escapes: true)
        #expect(coloured.contains("\u{1B}[31mRED"), "\(coloured.debugDescription)")
        #expect(try !session.capture().contains("\u{1B}"))
    }

    @Test("wide characters arrive intact with a UTF-8 locale")
    func wideCharacters() throws {
        let session = try TmuxSession(command: "printf '▁▂▃█ 漢字\\n'; read x", width: 80, height: 10,
                                      environment: ["LANG": "C.UTF-8"])
        let screen = try session.waitFor("▁▂▃█ 漢字")
        #expect(screen.matched, "screen:\n\(screen.screen)")
    }

    @Test("shellQuote keeps words apart and quotes are safe")
    func quoting() {
        #expect(TmuxSession.shellQuote(["/bin/echo", "a b", "it's", "$HOME", ""]) == "/bin/echo 'a b' 'it'\\''s' '$HOME' ''")
    }
}
