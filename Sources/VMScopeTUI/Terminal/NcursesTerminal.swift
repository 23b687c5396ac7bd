import CNcursesw
import Glibc

/// The only code that talks to the terminal: ncursesw set up for a full-screen, non-blocking,
/// mouse-aware view; `Screen`s copied to it; keys, mouse and resizes read from it.
///
/// Use from one thread. The run loop polls `inputDescriptor` (poll(2)) and calls `readInput()`
/// when it is readable; it draws with `draw(_:)`. `stop()` (also run by `deinit`) puts the
/// terminal back the way the user had it; at exit and on fatal signals a C hook calls `endwin`.
public final class NcursesTerminal {
    /// The descriptor to poll for input (the terminal, normally STDIN_FILENO).
    public let inputDescriptor: Int32
    /// False when drawing goes through `AsciiFallback` (no UTF-8 locale).
    public let utf8: Bool
    /// A short note for the header when the terminal is degraded (ASCII drawing), else nil.
    public let note: String?
    public let colorCapability: ColorCapability
    /// The terminfo entry in use: TERM, or its `-direct` variant when the terminal said it shows
    /// 24-bit colour (`COLORTERM`) and that entry exists.
    public let terminfoEntry: String?
    /// Changing the palette (a theme) restyles the whole next frame. Colour pairs are numbered
    /// afresh, so cycling themes never runs out of them on terminals with few pairs.
    public var palette: Palette {
        didSet {
            resolvedStyles.removeAll(keepingCapacity: true)
            pairs.removeAll(keepingCapacity: true)
            lastDrawn = nil
        }
    }

    private let outputDescriptor: Int32
    private var screenPointer: OpaquePointer?
    private var inputFile: UnsafeMutablePointer<FILE>?
    private var outputFile: UnsafeMutablePointer<FILE>?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var active = false
    private var defaultColorsAllowed = false
    /// Resolved role → (attributes, colour pair); roles are few, cells are many.
    private var resolvedStyles: [ThemeRole: (attrs: attr_t, pair: Int16)] = [:]
    private var pairs: [PairKey: Int16] = [:]
    /// What is on the terminal now, to send only the cells that changed.
    private var lastDrawn: Screen?
    private var lastReportedSize: (width: Int, height: Int)?
    private var staleSizeNoticed: (width: Int, height: Int)?

    /// Signals whose default action kills the process and would leave the terminal raw.
    public static let fatalSignals: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS,
                                               SIGABRT, SIGFPE, SIGILL, SIGTRAP]

    private struct PairKey: Hashable { var foreground: Int32; var background: Int32 }

    /// Starts full-screen mode on the terminal at `input`/`output` (by default stdin/stdout).
    /// `terminalType` overrides TERM and `environment` the process environment (tests use them
    /// with a pty).
    public init(palette: Palette = .default, input: Int32 = STDIN_FILENO,
                output: Int32 = STDOUT_FILENO, terminalType: String? = nil,
                environment: @escaping (String) -> String? = { getenv($0).map { String(cString: $0) } })
        throws(TerminalError) {
        guard isatty(input) == 1, isatty(output) == 1 else {
            throw TerminalError("the live view needs a terminal (standard input and output are not one); "
                + "use `vmscope trace` to print events as text")
        }
        let locale = TerminalLocale.configure(forceASCII: environment("VMSCOPE_ASCII").map { !$0.isEmpty && $0 != "0" } ?? false)
        utf8 = locale.utf8
        note = locale.note
        self.palette = palette
        inputDescriptor = input
        outputDescriptor = output

        // newterm, not initscr: initscr prints a message and exits on an unknown TERM.
        let inFD = dup(input), outFD = dup(output)
        guard inFD >= 0, outFD >= 0, let inFile = fdopen(inFD, "r"), let outFile = fdopen(outFD, "w") else {
            if inFD >= 0 { close(inFD) }
            if outFD >= 0 { close(outFD) }
            throw TerminalError("cannot open the terminal: \(String(cString: strerror(errno)))")
        }
        let type = terminalType ?? environment("TERM")
        // Catch crashes before ncurses changes anything, so there is no window in which a crash
        // leaves the terminal raw; and before newterm so ncurses does not install its own
        // SIGINT/SIGTERM handlers (it only does so over default dispositions).
        Self.installRestoreHooks()
        // ncurses draws 24-bit colour only through a terminfo entry made for it; when the
        // terminal says it has 24-bit colour, its `-direct` entry goes first if it exists (newterm
        // fails without side effects when it does not).
        let noColor = environment("NO_COLOR").map { !$0.isEmpty } ?? false
        let direct = noColor ? [] : ColorCapability.directColorCandidates(
            term: type, colorTerm: environment("COLORTERM"), tmux: environment("TMUX"))
        var opened: (screen: OpaquePointer, type: String?)?
        for candidate in direct + [type] {
            if let screen = newterm(candidate, outFile, inFile) {
                opened = (screen, candidate)
                break
            }
        }
        guard let opened else {
            Self.releaseSignalHandlers()
            fclose(inFile)
            fclose(outFile)
            throw TerminalError("cannot start the terminal: TERM=\(type ?? "(unset)") is not in the terminfo database; "
                + "try TERM=xterm-256color")
        }
        let screen = opened.screen
        screenPointer = screen
        terminfoEntry = opened.type
        inputFile = inFile
        outputFile = outFile
        window = cncurses_stdscr()
        active = true

        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        // A lone Escape is told from the start of an arrow-key sequence by waiting; 25 ms is
        // plenty for a local or ssh terminal and keeps Escape feeling instant.
        set_escdelay(25)
        curs_set(0)
        // Report presses at once instead of waiting to decide between click and double-click.
        mouseinterval(0)
        mousemask(KeyDecoder.mouseMask, nil)

        var capability = ColorCapability.none
        if has_colors() {
            start_color()
            defaultColorsAllowed = use_default_colors() == OK
            capability = ColorCapability.detect(hasColors: true, colors: Int(cncurses_colors()),
                                                noColor: environment("NO_COLOR"))
        }
        colorCapability = capability
        lastReportedSize = size()
    }

    deinit { stop() }

    /// Columns and rows of the terminal now.
    public func size() -> (width: Int, height: Int) {
        guard active, let window else { return (0, 0) }
        var rows: Int32 = 0, cols: Int32 = 0
        cncurses_getmaxyx(window, &rows, &cols)
        return (Int(cols), Int(rows))
    }

    /// Copies `screen` to the terminal: only cells that changed since the last frame are handed
    /// to ncurses, which in turn sends only what differs from what is displayed.
    public func draw(_ screen: Screen) {
        guard active, let window else { return }
        let (width, height) = size()
        let previous = lastDrawn.flatMap { $0.width == screen.width && $0.height == screen.height ? $0 : nil }
        if previous == nil { werase(window) }
        var text = [wchar_t](repeating: 0, count: 6)
        let rows = min(height, screen.height), columns = min(width, screen.width)
        screen.cells.withUnsafeBufferPointer { cells in
            for y in 0..<rows {
                for x in 0..<columns {
                    let index = y * screen.width + x
                    let cell = cells[index]
                    // Never drawn: ncurses fills the right half of the wide character before it.
                    // Tested by what the cell holds, not by equality, so a highlight that restyled
                    // it cannot turn it into a `?` that pushes the rest of the row right.
                    if cell.isContinuation { continue }
                    if let previous, previous.cells[index] == cell { continue }
                    let style = resolvedStyle(cell.role)
                    var attrs = style.attrs
                    if cell.bold { attrs |= cncurses_a_bold() }
                    if cell.reverse { attrs ^= cncurses_a_reverse() }
                    fill(&text, with: cell.character)
                    // A wide character with no room for its right half is drawn as `?`.
                    if x == columns - 1, Screen.columns(of: cell.character) == 2 {
                        text[0] = wchar_t(UInt8(ascii: "?")); text[1] = 0
                    }
                    _ = cncurses_put_wide(window, Int32(y), Int32(x), text, attrs, style.pair)
                }
            }
        }
        wnoutrefresh(window)
        doupdate()
        lastDrawn = screen
    }

    /// True (once per size) when the terminal's size, as the kernel has it now, differs from the
    /// last frame's: a resize that landed while that frame was being written, which ncurses may
    /// have taken in `doupdate` with nothing left readable for poll(2). A run loop should then
    /// read input and draw again instead of sleeping. Once per size, so a size ncurses cannot
    /// take never turns the loop into a busy one.
    public func resizedDuringLastFrame() -> Bool {
        guard active, let lastDrawn else { return false }
        var rows: Int32 = 0, cols: Int32 = 0
        guard cncurses_window_size(outputDescriptor, &rows, &cols) == 0 else { return false }
        let now = (width: Int(cols), height: Int(rows))
        guard now.width != lastDrawn.width || now.height != lastDrawn.height else { return false }
        if let noticed = staleSizeNoticed, noticed == now { return false }
        staleSizeNoticed = now
        return true
    }

    /// Forgets what is on screen so the next `draw` repaints everything (Ctrl-L, or after
    /// another program wrote to the terminal).
    public func invalidate() {
        guard active, let window else { return }
        lastDrawn = nil
        clearok(window, true)
    }

    /// Takes the terminal back after the process was stopped and continued (SIGCONT) without
    /// ncurses knowing: a SIGSTOP from outside runs no handler, unlike Ctrl-Z's SIGTSTP, and the
    /// shell that saw the stop put the terminal in its own cooked mode and printed over the
    /// screen. Leaving and re-entering visual mode is ncurses' own way back: the next `draw`
    /// restores program mode (raw keys, no echo, keypad, alternate screen) and repaints it all.
    /// Harmless after Ctrl-Z, which ncurses already resumed. Called while still in the
    /// background, this stops the process again (SIGTTOU) until the shell's `fg`.
    public func resume() {
        guard active else { return }
        endwin()
        invalidate()
    }

    /// Everything the terminal has sent since the last call, without waiting.
    public func readInput() -> [InputEvent] {
        guard active, let window else { return [] }
        var events: [InputEvent] = []
        if let resize = checkResize() { events.append(resize) }
        var value: wint_t = 0
        // Bounded so a huge paste cannot starve the rest of the run loop; what is left stays
        // readable and poll(2) wakes us again.
        while events.count < 1024 {
            let result = wget_wch(window, &value)
            if result == ERR { break }
            if result == cncurses_key_code_yes() {
                let code = Int32(bitPattern: value)
                if code == cncurses_key_resize() {
                    // ncurses has already resized its windows (its SIGWINCH handler ran). Every
                    // SIGWINCH repaints, even one that ends at the size we had: see `resized()`.
                    let resize = resized()
                    if events.last != resize { events.append(resize) }
                } else if code == cncurses_key_mouse() {
                    var event = MEVENT()
                    if getmouse(&event) == OK, let kind = KeyDecoder.mouseKind(buttonState: event.bstate) {
                        events.append(.mouse(x: Int(event.x), y: Int(event.y), kind: kind))
                    }
                } else {
                    events.append(.key(KeyDecoder.key(forKeyCode: code)))
                }
            } else {
                events.append(.key(KeyDecoder.key(forCharacter: UInt32(value))))
            }
        }
        return events
    }

    /// Asks the kernel for the terminal size and resizes ncurses if it changed. `readInput`
    /// calls it; a run loop that takes SIGWINCH through a signalfd (so ncurses' own handler
    /// never runs) should call it when SIGWINCH arrives.
    public func checkResize() -> InputEvent? {
        guard active else { return nil }
        var rows: Int32 = 0, cols: Int32 = 0
        guard cncurses_window_size(outputDescriptor, &rows, &cols) == 0 else { return nil }
        let current = size()
        if Int(cols) != current.width || Int(rows) != current.height {
            resize_term(rows, cols)
        }
        if let last = lastReportedSize, last == size() { return nil }
        return resized()
    }

    /// After any resize the next frame is a full repaint on a cleared terminal. What ncurses
    /// believes is on the screen stops being true the moment the terminal changes size: a
    /// terminal crops what it shows, and tmux drops the top rows of the alternate screen when it
    /// gets shorter (shifting everything up); a quick A → B → A ends at the size ncurses had,
    /// with the picture cut to B in between. Sending only what changed on top of that left
    /// fragments of earlier frames until Ctrl-L, so a resize is treated as Ctrl-L.
    private func resized() -> InputEvent {
        let now = size()
        lastReportedSize = now
        invalidate()
        return .resize(width: now.width, height: now.height)
    }

    /// Leaves full-screen mode and gives the terminal back. Safe to call more than once.
    public func stop() {
        guard active else { return }
        active = false
        if !isendwin() { endwin() }
        if let screenPointer { delscreen(screenPointer) }
        screenPointer = nil
        window = nil
        if let inputFile { fclose(inputFile) }
        if let outputFile { fclose(outputFile) }
        inputFile = nil
        outputFile = nil
        Self.releaseSignalHandlers()
    }

    // MARK: - Styles

    private func resolvedStyle(_ role: ThemeRole) -> (attrs: attr_t, pair: Int16) {
        if let cached = resolvedStyles[role] { return cached }
        let style = palette.style(for: role).resolved(for: colorCapability)
        let result = (attrs: attributes(style.attributes), pair: pair(for: style))
        resolvedStyles[role] = result
        return result
    }

    private func attributes(_ attributes: TextAttributes) -> attr_t {
        var result = cncurses_a_normal()
        if attributes.contains(.bold) { result |= cncurses_a_bold() }
        if attributes.contains(.dim) { result |= cncurses_a_dim() }
        if attributes.contains(.reverse) { result |= cncurses_a_reverse() }
        if attributes.contains(.underline) { result |= cncurses_a_underline() }
        if attributes.contains(.italic) { result |= cncurses_a_italic() }
        return result
    }

    private func pair(for style: TerminalStyle) -> Int16 {
        guard colorCapability != .none else { return 0 }
        var fg = style.foreground, bg = style.background
        if !defaultColorsAllowed {
            // Without use_default_colors, -1 is not a colour: use white on black, curses' default.
            if fg < 0 { fg = 7 }
            if bg < 0 { bg = 0 }
        }
        let colors = cncurses_colors()
        if fg >= colors || bg >= colors { return 0 }
        if fg < 0, bg < 0 { return 0 }
        let key = PairKey(foreground: fg, background: bg)
        if let existing = pairs[key] { return existing }
        let next = pairs.count + 1
        // Pair numbers go to setcchar as a short; a theme needs a few dozen.
        guard next < min(Int(cncurses_color_pairs()), Int(Int16.max)) else { return 0 }
        // The extended call takes colour numbers past 32767: 0xRRGGBB on direct-colour terminals.
        guard init_extended_pair(Int32(next), fg, bg) == OK else { return 0 }
        pairs[key] = Int16(next)
        return Int16(next)
    }

    /// Puts `character` into `buffer` as a NUL-terminated wide string for setcchar: the base
    /// scalar and up to four combining marks. Controls become `?`; so does anything non-ASCII
    /// without a stand-in when drawing in ASCII.
    private func fill(_ buffer: inout [wchar_t], with character: Character) {
        var shown = character
        if !utf8 { shown = AsciiFallback.character(for: character) }
        var count = 0
        for scalar in shown.unicodeScalars {
            if count == 5 { break }
            let value = scalar.value
            let control = value < 0x20 || (0x7F..<0xA0).contains(value)
            buffer[count] = wchar_t(bitPattern: control ? UInt32(UInt8(ascii: "?")) : value)
            count += 1
            if control { break }
        }
        if count == 0 { buffer[0] = wchar_t(UInt8(ascii: " ")); count = 1 }
        buffer[count] = 0
    }

    // MARK: - Restoring the terminal

    /// atexit runs once per registration, so register once per process.
    private static let exitHookInstalled: Bool = cncurses_install_exit_hook() == 0

    private static func installRestoreHooks() {
        _ = exitHookInstalled
        // A signal blocked by the run loop (SignalWatcher's signalfd) never runs this handler:
        // the run loop reads it and calls stop() itself.
        for signal in fatalSignals { _ = cncurses_catch_fatal_signal(signal) }
    }

    private static func releaseSignalHandlers() {
        for signal in fatalSignals { _ = cncurses_release_fatal_signal(signal) }
    }
}
