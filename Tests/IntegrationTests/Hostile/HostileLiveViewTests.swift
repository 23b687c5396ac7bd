import Foundation
import Testing

/// The live view and the picker showing the hostile workload in a real terminal (tmux): the
/// escapes its names carry must not act on the terminal. An OSC 0 that got through would change
/// the pane's title; one that got through cut would leave text missing from the screen.
@Suite("hostile process text on screen", .serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct HostileLiveViewTests {
    /// The names of hostile.c's titles (each an `ESC ] 0 ; TITLE BEL`).
    static let injectedTitles = ["pwned-title", "argv-title", "exe-title"]

    func expectUntouched(_ session: TmuxSession, _ what: String) throws {
        let title = try session.paneTitle()
        for injected in Self.injectedTitles + ["t"] {
            #expect(title != injected, "\(what): the pane title was set to \(title.debugDescription)")
        }
        // capture-pane -e re-creates the screen's own attributes as SGR sequences; anything else
        // (an OSC, a cursor move, a clear) would be the process's text acting on the terminal.
        let screen = try session.capture(escapes: true)
        #expect(!screen.contains("\u{1b}]"), "\(what): an OSC sequence is on screen")
        #expect(!screen.contains("\u{07}"), "\(what): BEL on screen")
    }

    @Test("live view of the hostile process: title untouched, names shown escaped")
    func liveView() throws {
        let hostile = try HostileProcess()
        let session = try TmuxSession(command: TmuxSession.shellQuote([BuiltProducts.vmscope.path, "-p", String(hostile.pid)]))
        defer { session.kill() }
        let shown = try session.waitFor("argv-title", timeout: .seconds(15))
        #expect(shown.matched, "the command line never showed:\n\(shown.screen)")
        // The escape is drawn as visible text, so the rest of the sequence is still there.
        #expect(shown.screen.contains("]0;"), "the OSC's text is not shown:\n\(shown.screen)")
        try expectUntouched(session, "live view")
    }

    @Test("picker filtered to the hostile process: title untouched")
    func picker() throws {
        let hostile = try HostileProcess()
        _ = hostile
        let session = try TmuxSession(command: TmuxSession.shellQuote([BuiltProducts.vmscope.path, "--pick"]))
        defer { session.kill() }
        try session.sendLiteral("hostile-stage2")
        let shown = try session.waitFor("argv-title", timeout: .seconds(15))
        #expect(shown.matched, "the picker never listed the hostile process:\n\(shown.screen)")
        try expectUntouched(session, "picker")
    }
}
