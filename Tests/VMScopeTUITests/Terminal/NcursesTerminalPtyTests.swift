import Glibc
import Testing
import VMScopeTUI

/// The real backend on a pseudo-terminal: what it writes, what it reads, resizes, restore.
/// One suite, serialized: ncurses has one current screen per process.
@Suite(.serialized) struct NcursesTerminalPtyTests {
    /// A pty pair; the test plays the terminal on `master`.
    final class Pty {
        let master: Int32
        let slave: Int32

        init?() {
            // posix_openpt/grantpt/ptsname are hidden from Swift's Glibc module; /dev/ptmx plus
            // the two ioctls is what they do. TIOCSPTLCK = _IOW('T', 0x31, int),
            // TIOCGPTN = _IOR('T', 0x30, unsigned int).
            let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard master >= 0 else { return nil }
            var unlock: Int32 = 0, number: UInt32 = 0
            guard ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
                close(master); return nil
            }
            let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard slave >= 0 else { close(master); return nil }
            self.master = master
            self.slave = slave
            resize(columns: 80, rows: 24)
            _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        }

        func resize(columns: UInt16, rows: UInt16) {
            var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        }

        /// Everything the program has written so far (waits briefly for it to arrive).
        func drain() -> String {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            var idle = 0
            while idle < 5 {
                let n = read(master, &buffer, buffer.count)
                if n > 0 { bytes += buffer[0..<n]; idle = 0 } else { idle += 1; usleep(10_000) }
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        func type(_ text: String) {
            _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
        }

        deinit { close(master); close(slave) }
    }

    /// Reads input until `count` events came or a second passed.
    private func events(from terminal: NcursesTerminal, count: Int) -> [InputEvent] {
        var events: [InputEvent] = []
        for _ in 0..<100 where events.count < count {
            var descriptor = pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 10)
            events += terminal.readInput()
        }
        return events
    }

    @Test func drawsReadsResizesAndRestores() throws {
        guard let pty = Pty() else {
            Issue.record("cannot open a pseudo-terminal here (/dev/ptmx)")
            return
        }
        let savedLocale = String(cString: setlocale(LC_ALL, nil))
        defer { setlocale(LC_ALL, savedLocale) }

        let terminal = try NcursesTerminal(input: pty.slave, output: pty.slave, terminalType: "xterm-256color")
        #expect(terminal.size() == (80, 24))
        let setup = pty.drain()
        #expect(setup.contains("\u{1B}[?1049h"), "alternate screen entered")

        var screen = Screen(width: 80, height: 24)
        screen.put("vmscope pty test", x: 0, y: 0, role: .header)
        screen.put("heap█▲ bad\u{7}x", x: 0, y: 2, role: .region(.heap))
        terminal.draw(screen)
        let frame = pty.drain()
        #expect(frame.contains("vmscope pty test"))
        if terminal.utf8 { #expect(frame.contains("heap█▲")) } else { #expect(frame.contains("heap#^")) }
        #expect(!frame.contains("\u{7}"), "a control character reached the terminal")

        // The same screen again sends (almost) nothing: only changed cells go out.
        terminal.draw(screen)
        #expect(!pty.drain().contains("vmscope"))

        // keypad() switched the terminal to application cursor keys (smkx): Up is ESC O A.
        pty.type("\u{1B}OAq\t\u{1B}[Z")
        let keys = events(from: terminal, count: 4)
        #expect(keys == [.key(.up), .key(.character("q")), .key(.tab), .key(.backTab)])

        pty.resize(columns: 100, rows: 30)
        #expect(terminal.checkResize() == .resize(width: 100, height: 30))
        #expect(terminal.size() == (100, 30))
        #expect(terminal.checkResize() == nil, "a size is reported once")

        terminal.stop()
        #expect(pty.drain().contains("\u{1B}[?1049l"), "alternate screen left")
        terminal.stop() // idempotent
        #expect(terminal.readInput().isEmpty)
    }

    /// A selected row is restyled after it is drawn; the right halves of its wide characters
    /// must still be skipped, not sent as `?` (which pushed the rest of the row right).
    @Test func highlightedWideTextSendsNoStandIns() throws {
        guard let pty = Pty() else {
            Issue.record("cannot open a pseudo-terminal here (/dev/ptmx)")
            return
        }
        let savedLocale = String(cString: setlocale(LC_ALL, nil))
        defer { setlocale(LC_ALL, savedLocale) }
        let terminal = try NcursesTerminal(input: pty.slave, output: pty.slave, terminalType: "xterm-256color")
        defer { terminal.stop() }
        guard terminal.utf8 else { return }  // no UTF-8 locale: wide text is drawn in ASCII
        _ = pty.drain()
        var screen = Screen(width: 80, height: 24)
        screen.put("/tmp/漢😀/sleep", x: 0, y: 0)
        screen.restyle(Rect(x: 0, y: 0, width: 80, height: 1), role: .selection, reverse: true)
        terminal.draw(screen)
        let frame = pty.drain()
        #expect(frame.contains("漢😀/sleep"), "the wide characters and what follows were not sent together: \(frame.debugDescription)")
        #expect(!frame.contains("?"), "a stand-in was sent for a wide character's right half: \(frame.debugDescription)")
    }

    @Test func refusesSomethingThatIsNotATerminal() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(throws: TerminalError.self) { try NcursesTerminal(input: fds[0], output: fds[1]) }
    }
}
