import Glibc
import VMScopeCore
import VMScopeProbe
import VMScopeTUI

/// The live view's run loop: one poll(2) on the keyboard, signals and the ring buffer, with
/// timers for draining, snapshots and animation. It draws only when something changed or moves,
/// so an idle view costs next to nothing.
final class WatchSession {
    private let source: EventSource
    private let sourceNote: String?
    private let interval: UInt64
    private let process: WatchedProcess
    /// The command or demo vmscope started (nil when attached with -p).
    private let child: PausedChild?

    private var state = LiveViewState()
    private var input = WatchInputHandler()
    private var quit = false

    /// The ring buffer is submitted without wakeups, so a timer delivers events.
    private static let drainPeriod: UInt64 = 100_000_000
    /// Frame period while something animates (about 30 frames per second).
    private static let framePeriod: UInt64 = 33_000_000
    /// Per-region residency (smaps) is read once every this many snapshots: it walks every page table.
    private static let residencyEvery = 4

    init(source: EventSource, sourceNote: String?, target: WatchTarget, interval: UInt64) throws {
        self.source = source
        self.sourceNote = sourceNote
        self.interval = interval
        switch target {
        case .pid(let pid):
            let facts = try ProcessFactsReader().read(pid: pid)
            let line = facts.commandLine.isEmpty ? "[\(facts.command)]" : facts.commandLine.joined(separator: " ")
            child = nil
            process = WatchedProcess(pid: pid, commandLine: line, startTicks: facts.startTimeTicks)
            try source.watch(pid: pid)
        case .command(let argv):
            child = try Self.start(argv, source: source)
            process = WatchedProcess(pid: child!.pid, commandLine: argv.joined(separator: " "))
        case .demo:
            let argv = [Self.ownExecutable(), "demo-workload"]
            child = try Self.start(argv, source: source)
            process = WatchedProcess(pid: child!.pid, commandLine: "vmscope demo workload")
        }
    }

    /// Starts `argv` paused, watches it, then lets it exec: nothing it maps is missed.
    private static func start(_ argv: [String], source: EventSource) throws -> PausedChild {
        do {
            let child = try PausedChild(command: argv)
            try source.watch(pid: child.pid)
            try child.release()
            return child
        } catch let error as PausedChildError {
            throw CommandError(error.description)
        }
    }

    private static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    func run() throws {
        let signals = try SignalWatcher()
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal() } catch { throw CommandError(error.description) }
        defer {
            terminal.stop()
            source.unwatch(pid: process.pid)
            finishChild()
        }
        state.sourceNote = [sourceNote, terminal.note].compactMap { $0 }.joined(separator: "; ").nilIfEmpty

        var now = MonotonicClock.now()
        // A command that just exec'd may still be loading; the first snapshot follows at once
        // and is retaken at the interval.
        _ = process.refreshSnapshot(now: now)
        process.refreshResidency()
        var nextDrain = now, nextSnapshot = now + interval, nextTick = now
        var snapshots = 0
        var nextHeatFrame = now
        var messageShownAt: UInt64?
        var dirty = true

        while !quit {
            now = MonotonicClock.now()
            let animating = process.isAnimating(now: now)
            var wake = min(nextDrain, nextSnapshot, nextTick)
            if process.hasHeat { wake = min(wake, nextHeatFrame) }
            if animating { wake = min(wake, now + Self.framePeriod) }
            let timeout = wake > now ? Int32(min((wake - now) / 1_000_000, 1000)) : 0
            var descriptors = [terminal.inputDescriptor, signals.descriptor]
            if let fd = source.pollDescriptor { descriptors.append(fd) }
            let ready = Poller.wait(for: descriptors, timeoutMilliseconds: max(timeout, animating ? 1 : 0))
            now = MonotonicClock.now()

            if ready.contains(signals.descriptor), !signals.take().isEmpty { break }
            for event in terminal.readInput() {
                dirty = true
                let previousMessage = state.message
                switch input.handle(event, state: &state, layout: lastLayout) {
                case .quit: quit = true
                case .redraw: terminal.invalidate()
                case .clearLog: process.clearLog()
                case .none: break
                }
                if state.message != previousMessage { messageShownAt = nil }
            }
            if quit { break }

            if now >= nextDrain || ready.contains(source.pollDescriptor ?? -1) {
                let events = (try? source.drain()) ?? []
                if process.take(events.filter { $0.tgid == process.pid || $0.tgid == 0 }, now: now) { dirty = true }
                nextDrain = now + Self.drainPeriod
            }
            if let child, process.exitStatus == nil, let status = child.wait() {
                process.markGone(status: status)
                dirty = true
            }
            if now >= nextSnapshot {
                if process.refreshSnapshot(now: now) {
                    snapshots += 1
                    if snapshots % Self.residencyEvery == 0 { process.refreshResidency() }
                }
                nextSnapshot = now + interval
                dirty = true
            }
            // Once a second the clocks, rates and decaying heat move even without events.
            if now >= nextTick {
                nextTick = now + 1_000_000_000
                dirty = true
            }
            // Heat fades over its window: a few frames a second keep that smooth and cheap.
            if process.hasHeat, now >= nextHeatFrame {
                nextHeatFrame = now + 250_000_000
                dirty = true
            }
            if messageShownAt != nil, now >= messageShownAt! + 2_000_000_000 {
                state.message = nil
                messageShownAt = nil
                dirty = true
            }
            if dirty || animating {
                if state.message != nil, messageShownAt == nil { messageShownAt = now }
                draw(on: terminal, now: now)
                dirty = false
            }
        }
    }

    private var lastLayout: LiveView.Layout?

    private func draw(on terminal: NcursesTerminal, now: UInt64) {
        // Paused: the model keeps taking events, the picture stays as it was.
        if !state.paused { process.fill(&state, source: source, sourceNote: state.sourceNote, now: now) }
        let size = terminal.size()
        let view = LiveView(state: state, width: size.width, height: size.height)
        state.regionScroll = view.layout.regionScroll
        lastLayout = view.layout
        terminal.draw(view.render())
    }

    /// A command vmscope started is its to end: the demo always, a `-- CMD` only if still
    /// running when the user quits (like closing a terminal would).
    private func finishChild() {
        guard let child else { return }
        if child.wait() == nil {
            child.kill(SIGTERM)
            for _ in 0..<50 where child.wait() == nil { usleep(10_000) }
            if child.wait() == nil { child.kill(SIGKILL); child.wait(blocking: true) }
        }
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
