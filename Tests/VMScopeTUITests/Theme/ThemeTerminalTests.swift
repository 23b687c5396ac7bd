import Foundation
import Glibc
import Testing
import VMScopeTUI

/// Themes on the real backend, on a pty: 24-bit colour through a `-direct` terminfo entry when
/// the terminal says it has it, the fallback when there is no such entry, NO_COLOR, and
/// switching palettes live. An extension of NcursesTerminalPtyTests so it runs serialized with
/// the other ncurses tests (ncurses has one current screen per process).
extension NcursesTerminalPtyTests {
    /// A new terminfo directory holding `xterm-direct` as ncurses ships it (Debian has it only
    /// in ncurses-term, which this machine may lack), compiled with tic. The caller removes it.
    static func directTerminfo() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-terminfo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("xterm-direct.src")
        try """
            xterm-direct|xterm with direct-color indexing (vmscope test copy),
            \tcolors#0x1000000, pairs#0x10000, RGB, ccc@, initc@, oc@,
            \tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e48:2::%p1%{65536}%/%d:%p1%{256}%/%{255}%&%d:%p1%{255}%&%d%;m,
            \tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e38:2::%p1%{65536}%/%d:%p1%{256}%/%{255}%&%d:%p1%{255}%&%d%;m,
            \tuse=xterm-256color,

            """.write(to: source, atomically: true, encoding: .utf8)
        let tic = Process()
        tic.executableURL = URL(fileURLWithPath: "/usr/bin/tic")
        tic.arguments = ["-x", "-o", directory.path, source.path]
        try tic.run()
        tic.waitUntilExit()
        try #require(tic.terminationStatus == 0, "tic could not compile xterm-direct")
        return directory.path
    }

    static let ticAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/tic")

    /// Whether the output turns reverse video on (xterm's sgr writes `ESC[0;7m`, rev `ESC[7m`).
    static func reversed(_ output: String) -> Bool {
        output.contains("\u{1B}[7m") || output.contains("\u{1B}[0;7m")
    }

    private func headerScreen() -> Screen {
        var screen = Screen(width: 80, height: 24)
        screen.put("vmscope theme test", x: 0, y: 0, role: .header)
        return screen
    }

    /// Opens the backend on a pty as `terminalType` with only `environment`, and TERMINFO
    /// pointing at the test's `xterm-direct` (ncurses still searches the system database after
    /// it); runs `body` with the start-up output drained; puts TERMINFO and the locale back.
    private func withTerminal(_ terminalType: String, environment: [String: String],
                              _ body: (NcursesTerminal, Pty) throws -> Void) throws {
        guard let pty = Pty() else {
            Issue.record("cannot open a pseudo-terminal here (/dev/ptmx)")
            return
        }
        let savedLocale = String(cString: setlocale(LC_ALL, nil))
        let savedTerminfo = getenv("TERMINFO").map { String(cString: $0) }
        let terminfo = try Self.directTerminfo()
        setenv("TERMINFO", terminfo, 1)
        defer {
            if let savedTerminfo { setenv("TERMINFO", savedTerminfo, 1) } else { unsetenv("TERMINFO") }
            setlocale(LC_ALL, savedLocale)
            try? FileManager.default.removeItem(atPath: terminfo)
        }
        let terminal = try NcursesTerminal(input: pty.slave, output: pty.slave, terminalType: terminalType,
                                           environment: { environment[$0] })
        defer { terminal.stop() }
        _ = pty.drain()
        try body(terminal, pty)
    }

    @Test(.enabled(if: ticAvailable)) func truecolorUsesTheDirectEntryAndThemesSwitchLive() throws {
        try withTerminal("xterm-256color", environment: ["COLORTERM": "truecolor"]) { terminal, pty in
            #expect(terminal.terminfoEntry == "xterm-direct")
            #expect(terminal.colorCapability == .direct)

            // The default theme's header, #bcbcbc on #303030, exactly.
            terminal.draw(headerScreen())
            let frame = pty.drain()
            #expect(frame.contains("vmscope theme test"))
            #expect(frame.contains("38:2::188:188:188"), "\(frame.debugDescription)")
            #expect(frame.contains("48:2::48:48:48"), "\(frame.debugDescription)")

            // Another theme restyles the next frame: monochrome has no colour, reverse bars.
            terminal.palette = try ThemeCatalog(userDirectory: nil).palette("monochrome")
            terminal.draw(headerScreen())
            let restyled = pty.drain()
            #expect(restyled.contains("vmscope theme test"))
            #expect(!restyled.contains("38:2:"), "\(restyled.debugDescription)")
            #expect(Self.reversed(restyled), "\(restyled.debugDescription)")
        }
    }

    /// A terminal that says truecolor but has no `-direct` entry keeps its own, at 256 colours.
    @Test(.enabled(if: ticAvailable)) func truecolorWithoutADirectEntryStaysAt256() throws {
        // There is no screen-direct anywhere, and outside tmux tmux-direct is not tried.
        try withTerminal("screen-256color", environment: ["COLORTERM": "24bit"]) { terminal, pty in
            #expect(terminal.terminfoEntry == "screen-256color")
            #expect(terminal.colorCapability == .extended256)
            terminal.draw(headerScreen())
            let frame = pty.drain()
            #expect(frame.contains("38;5;250"), "\(frame.debugDescription)")
            #expect(frame.contains("48;5;236"), "\(frame.debugDescription)")
        }
    }

    /// NO_COLOR wins over COLORTERM: no colour at all, the theme's monochrome attributes.
    @Test(.enabled(if: ticAvailable)) func noColorWinsOverTruecolor() throws {
        try withTerminal("xterm-256color", environment: ["COLORTERM": "truecolor", "NO_COLOR": "1"]) { terminal, pty in
            #expect(terminal.terminfoEntry == "xterm-256color")
            #expect(terminal.colorCapability == ColorCapability.none)
            terminal.draw(headerScreen())
            let frame = pty.drain()
            #expect(Self.reversed(frame), "\(frame.debugDescription)")
            #expect(!frame.contains("38;5;") && !frame.contains("38:2:"), "\(frame.debugDescription)")
        }
    }

    @Test func directCandidatesFollowTERMAndCOLORTERM() {
        typealias C = ColorCapability
        #expect(C.directColorCandidates(term: "xterm-256color", colorTerm: "truecolor", tmux: nil) == ["xterm-direct"])
        #expect(C.directColorCandidates(term: "xterm", colorTerm: "24bit", tmux: nil) == ["xterm-direct"])
        #expect(C.directColorCandidates(term: "tmux-256color", colorTerm: "TrueColor", tmux: "/tmp/tmux-0/default,1,0")
            == ["tmux-direct"])
        #expect(C.directColorCandidates(term: "screen-256color", colorTerm: "truecolor", tmux: "/tmp/tmux-0/default,1,0")
            == ["screen-direct", "tmux-direct"])
        #expect(C.directColorCandidates(term: "screen", colorTerm: "truecolor", tmux: nil) == ["screen-direct"])
        #expect(C.directColorCandidates(term: "xterm-kitty", colorTerm: "truecolor", tmux: nil)
            == ["xterm-kitty-direct", "kitty-direct"])
        // Nothing to try: no claim of 24-bit colour, or the entry is already direct.
        #expect(C.directColorCandidates(term: "xterm-256color", colorTerm: nil, tmux: nil) == [])
        #expect(C.directColorCandidates(term: "xterm-256color", colorTerm: "", tmux: nil) == [])
        #expect(C.directColorCandidates(term: "xterm-256color", colorTerm: "yes", tmux: nil) == [])
        #expect(C.directColorCandidates(term: "xterm-direct", colorTerm: "truecolor", tmux: nil) == [])
        #expect(C.directColorCandidates(term: nil, colorTerm: "truecolor", tmux: nil) == [])
    }
}
