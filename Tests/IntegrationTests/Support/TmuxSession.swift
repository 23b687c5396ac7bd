import Foundation
import Glibc

/// A detached tmux session running one command in a pane of a fixed size, for end-to-end tests
/// of the full-screen view: send keys, read the screen, and tell whether the command ended and
/// gave the terminal back.
///
/// Each session gets its own tmux server (`-L`, its own socket) and an empty config, so a test
/// never touches the user's tmux and sessions of parallel tests never meet. The command runs as
/// `( CMD ); echo VMSCOPE-EXITED-$?; exec sleep 86400` under /bin/sh: after it ends, the marker
/// (with the exit status) is on screen and the pane can still be captured.
final class TmuxSession {
    static let exitMarker = "VMSCOPE-EXITED-"

    /// Why tmux tests cannot run here, or nil when they can.
    static let unavailableReason: String? = {
        executablePath == nil ? "tmux is not installed (no tmux in PATH); end-to-end view tests skipped" : nil
    }()

    static var isAvailable: Bool { unavailableReason == nil }

    private static let executablePath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    let name: String
    let width: Int
    let height: Int
    private let socket: String
    private let configFile: URL
    private var killed = false

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `command` (a shell command line; build it with `shellQuote`) in a `width`×`height`
    /// pane. `environment` is added to the pane's environment (e.g. LANG, TERM-independent
    /// settings); TERM inside is `tmux-256color` when the terminfo entry exists, else `screen`.
    init(command: String, width: Int = 160, height: Int = 48,
         environment: [String: String] = [:], name: String = "vmscope") throws {
        guard Self.executablePath != nil else { throw Failure(description: Self.unavailableReason ?? "tmux missing") }
        let unique = "\(name)-\(getpid())-\(UUID().uuidString.prefix(8))"
        self.name = unique
        self.width = width
        self.height = height
        socket = "vmscope-test-\(unique)"
        configFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf")
        let terminal = Self.terminfoExists("tmux-256color") ? "tmux-256color" : "screen"
        let config = """
            set -g remain-on-exit on
            set -g default-shell /bin/sh
            set -g default-terminal \(terminal)
            set -g status off
            set -g escape-time 0
            set -g history-limit 2000

            """
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        var arguments = ["new-session", "-d", "-x", String(width), "-y", String(height), "-s", unique]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        // A subshell, so an `exit` inside the command cannot skip the marker; then the shell stays
        // (sleeping) because tmux 3.3 blanks a dead pane that had used the alternate screen.
        arguments.append("( \(command) ); echo \(Self.exitMarker)$?; exec sleep 86400")
        let result = try tmux(arguments)
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: configFile)
            throw Failure(description: "tmux new-session failed (\(result.status)): \(result.error)")
        }
    }

    deinit { kill() }

    /// Sends keys in tmux's names (`"q"`, `"Enter"`, `"Up"`, `"PageDown"`, `"C-c"`, `"BTab"`, ...).
    func sendKeys(_ keys: String...) throws {
        try check(tmux(["send-keys", "-t", name] + keys), "send-keys")
    }

    /// Types `text` literally (no key-name lookup).
    func sendLiteral(_ text: String) throws {
        try check(tmux(["send-keys", "-t", name, "-l", text]), "send-keys -l")
    }

    /// The visible screen, one line per row; with `escapes`, including colour/attribute escape
    /// sequences (`capture-pane -e`).
    func capture(escapes: Bool = false) throws -> String {
        let result = try tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
        try check(result, "capture-pane")
        return result.output
    }

    /// Captures until `condition` holds for the screen text or `timeout` passes; returns the
    /// last capture and whether the condition held (so a failure can show the screen).
    @discardableResult
    func waitUntil(timeout: Duration = .seconds(10), escapes: Bool = false,
                   _ condition: (String) -> Bool) throws -> (matched: Bool, screen: String) {
        let deadline = ContinuousClock.now + timeout
        var screen = try capture(escapes: escapes)
        while !condition(screen) {
            if ContinuousClock.now >= deadline { return (false, screen) }
            usleep(50_000)
            screen = try capture(escapes: escapes)
        }
        return (true, screen)
    }

    /// The screen once it has stopped changing: two captures `quiet` apart that agree (or the
    /// last one at `timeout`). For comparing a static view before and after something.
    func settledCapture(quiet: Duration = .milliseconds(700), timeout: Duration = .seconds(10),
                        escapes: Bool = false) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var previous = try capture(escapes: escapes)
        while true {
            try? Task.checkCancellation()
            usleep(UInt32(quiet.components.seconds * 1_000_000 + quiet.components.attoseconds / 1_000_000_000_000))
            let now = try capture(escapes: escapes)
            if now == previous || ContinuousClock.now >= deadline { return now }
            previous = now
        }
    }

    /// Waits for the screen to contain `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> (matched: Bool, screen: String) {
        try waitUntil(timeout: timeout) { $0.contains(text) }
    }

    /// The command's exit status once it has ended (read from the marker line), else nil.
    func exitStatus() throws -> Int32? {
        let screen = try capture()
        guard let range = screen.range(of: Self.exitMarker, options: .backwards) else { return nil }
        let digits = screen[range.upperBound...].prefix { $0.isNumber }
        return Int32(digits)
    }

    /// Waits for the command to end; its exit status, or nil on timeout.
    func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32? {
        let result = try waitUntil(timeout: timeout) { $0.contains(Self.exitMarker) }
        return result.matched ? try exitStatus() : nil
    }

    /// Whether the command is still running (its exit marker has not appeared).
    func isRunning() throws -> Bool {
        try exitStatus() == nil && format("#{pane_dead}") != "1"
    }

    /// Whether the pane is on the alternate screen (curses programs switch to it and must leave
    /// it when they end: after a clean exit this is false).
    func alternateScreenOn() throws -> Bool {
        try format("#{alternate_on}") == "1"
    }

    /// The pane's title, which an OSC 0/2 sequence reaching the terminal would change.
    func paneTitle() throws -> String {
        try format("#{pane_title}")
    }

    /// The terminal was given back: the command ended and the pane left the alternate screen.
    func terminalRestored() throws -> Bool {
        try exitStatus() != nil && !alternateScreenOn()
    }

    /// Changes the pane's size, as a user resizing their terminal window.
    func resize(width: Int, height: Int) throws {
        try check(tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)]), "resize-window")
    }

    /// The pid of the pane's shell (the command's parent), for checking processes it left.
    func panePID() throws -> pid_t? {
        pid_t(try format("#{pane_pid}"))
    }

    /// Ends the session and its private server. Safe to call more than once.
    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: configFile)
    }

    /// Quotes words for /bin/sh so a command line can be built from arguments safely.
    static func shellQuote(_ words: [String]) -> String {
        words.map { word in
            if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }) { return word }
            return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    // MARK: - Running tmux

    private func format(_ format: String) throws -> String {
        let result = try tmux(["display-message", "-p", "-t", name, format])
        try check(result, "display-message")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func check(_ result: (status: Int32, output: String, error: String), _ what: String) throws {
        if result.status != 0 { throw Failure(description: "tmux \(what) failed (\(result.status)): \(result.error)") }
    }

    private func tmux(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        try Self.run(Self.executablePath ?? "tmux", ["-u", "-L", socket, "-f", configFile.path] + arguments)
    }

    private static func terminfoExists(_ name: String) -> Bool {
        (try? run("/usr/bin/env", ["infocmp", name]).status == 0) ?? false
    }

    /// Runs a short command to completion; output through files, never a pipe that could fill.
    ///
    /// posix_spawn + waitpid, not Foundation's Process: `tmux new-session` forks the tmux server,
    /// which inherits whatever descriptor Process watches for the child's exit, so
    /// `waitUntilExit` would wait for the server (i.e. forever). For the same reason the child
    /// gets only stdin/stdout/stderr (closefrom 3): a server holding another test's descriptors
    /// would hang that test.
    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess(URL(fileURLWithPath: executable), arguments, outputDirectory: scratch, name: "run")
        } catch let failure as SpawnedProcess.Failure {
            throw Failure(description: failure.description)
        }
        let status = process.wait(timeout: .seconds(60)) ?? 128 + SIGKILL
        return (status, process.standardOutput, process.standardError)
    }
}
