import Glibc
import VMScopeCore
import VMScopeProbe
import VMScopeTUI

/// The live view's run loop: one poll(2) on the keyboard, signals and the ring buffer, with
/// timers for draining, snapshots and animation. It draws only when something changed or moves,
/// so an idle view costs next to nothing.
///
/// Every process on the watch list stays in the probe's filter and keeps its own Timeline and
/// log while another one is shown, so switching (`[`/`]`) is instant and loses nothing; the
/// filter changes (never the loaded programs) when processes join or leave the list.
final class WatchSession {
    private let source: EventSource
    private let sourceNote: String?
    private let interval: UInt64
    private let list = WatchList()
    /// The command or demo vmscope started (nil when attached with -p), and its entry.
    private var child: PausedChild?
    private var childEntry: WatchedProcess?
    /// Pids the source was told to watch and not yet told to forget.
    private var sourceWatches: Set<Int32> = []
    private var followChildren: Bool
    private var pickerRequested: Bool

    private var state = LiveViewState()
    private var input = WatchInputHandler()
    private var quit = false

    /// The process picker while it is open (it covers the live view; events keep flowing).
    private var picker: PickerState?
    private var pickerLayout: PickerView.Layout?
    private var nextPickerScan: UInt64 = 0
    private let processTable = ProcessTableReader()
    /// Rescans run off the input thread (nil if there was no descriptor for it: then in place).
    private let scanWorker = ProcessScanWorker()
    /// A full /proc scan costs a few ms per hundred processes: often enough to see new ones.
    private static let pickerRescanPeriod: UInt64 = 2_000_000_000

    private let themes: ThemeCatalog
    private var theme: LoadedTheme

    /// The ring buffer is submitted without wakeups, so a timer delivers events.
    private static let drainPeriod: UInt64 = 100_000_000
    /// Frame period while something animates (about 30 frames per second).
    private static let framePeriod: UInt64 = 33_000_000
    /// Per-region residency (smaps) is read once every this many snapshots: it walks every page table.
    private static let residencyEvery = 4
    /// Ended processes kept on the watch list (their last picture) before the oldest go.
    private static let endedKept = 32

    init(source: EventSource, sourceNote: String?, target: WatchTarget, pick: Bool, follow: Bool,
         interval: UInt64, themes: ThemeCatalog, theme: LoadedTheme) throws {
        self.themes = themes
        self.theme = theme
        self.source = source
        self.sourceNote = sourceNote
        self.interval = interval
        followChildren = follow
        pickerRequested = pick
        (source as? BPFEventSource)?.followChildren = follow
        switch target {
        case .processes(let selectors):
            let explicit = Set(selectors.compactMap { if case .pid(let pid) = $0 { return pid } else { return nil } })
            for pid in try ProcessResolver.pids(for: selectors) {
                do {
                    try watch(pid: pid, show: false)
                } catch ProcReadError.noSuchProcess where !explicit.contains(pid) {
                    // Matched by name a moment ago and gone since: nothing to watch, no error.
                }
            }
            guard !list.isEmpty else {
                throw CommandError("-p: every process that matched has exited; check with `ps -e`")
            }
            list.show(0)
        case .command(let argv):
            try start(argv, label: nil)
        case .demo:
            try start([Self.ownExecutable(), "demo-workload"], label: "vmscope demo workload")
        case .nothing:
            pickerRequested = true
        }
        if follow { adoptDescendants() }
    }

    /// Starts `argv` paused, watches it, then lets it exec: nothing it maps is missed.
    private func start(_ argv: [String], label: String?) throws {
        do {
            let child = try PausedChild(command: argv)
            self.child = child
            try source.watch(pid: child.pid, awaitingExec: true)
            sourceWatches.insert(child.pid)
            let entry = WatchedProcess(pid: child.pid, commandLine: label ?? argv.joined(separator: " "),
                                       name: label == nil ? nil : "demo", keepsLabel: label != nil)
            list.add(entry, show: true)
            childEntry = entry
            try child.release()
        } catch let error as PausedChildError {
            throw CommandError(error.description)
        }
    }

    /// Adds the running process `pid` to the watch list, or finds it there. A pid whose live
    /// entry turns out to be another process (reused pid) gets a fresh entry.
    @discardableResult
    private func watch(pid: Int32, show: Bool) throws -> WatchedProcess {
        let identity = try ProcessFactsReader().identity(pid: pid)
        if let existing = list.live(pid) {
            if existing.isLifetime(startingAt: identity.startTimeTicks) {
                if show { list.show(existing) }
                return existing
            }
            existing.markGone(status: nil)
        }
        // The first snapshot below reads the full facts and puts the command line in place.
        let entry = WatchedProcess(pid: pid, commandLine: "[\(identity.command)]", name: identity.command,
                                   startTicks: identity.startTimeTicks)
        do {
            try source.watch(pid: pid)
        } catch {
            throw CommandError("cannot watch process \(pid): \(error)")
        }
        sourceWatches.insert(pid)
        list.add(entry, show: show)
        // Residency (smaps) is read when it is shown (`arrive`, or the run loop's start).
        _ = entry.refreshSnapshot(now: MonotonicClock.now(), readingFacts: true)
        return entry
    }

    private static func ownExecutable() -> String {
        (try? ProcFileReader.readLink("/proc/self/exe").get()) ?? CommandLine.arguments[0]
    }

    func run() throws {
        let signals = try SignalWatcher()
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal(palette: theme.palette) } catch { throw CommandError(error.description) }
        defer {
            terminal.stop()
            for pid in sourceWatches { source.unwatch(pid: pid) }
            finishChild()
        }
        state.sourceNote = [sourceNote, terminal.note].compactMap { $0 }.joined(separator: "; ").nilIfEmpty
        state.followChildren = followChildren
        if let warning = theme.warning { show(warning, for: Self.warningDuration) }
        if pickerRequested || list.isEmpty { openPicker(now: MonotonicClock.now()) }

        var now = MonotonicClock.now()
        // Processes watched with -p (or followed) were read when they joined the list. A command
        // that just exec'd may still be loading: its first snapshot follows at once and is
        // retaken at the interval.
        _ = childEntry?.refreshSnapshot(now: now, readingFacts: true)
        list.current?.refreshResidency()
        var nextDrain = now, nextSnapshot = now + interval, nextTick = now
        var snapshots = 0
        var nextHeatFrame = now
        var dirty = true

        while !quit {
            now = MonotonicClock.now()
            let shown = list.current
            let animating = shown?.isAnimating(now: now) ?? false
            var wake = min(nextDrain, nextSnapshot, nextTick)
            if shown?.hasHeat == true { wake = min(wake, nextHeatFrame) }
            if animating { wake = min(wake, now + Self.framePeriod) }
            let timeout = wake > now ? Int32(min((wake - now) / 1_000_000, 1000)) : 0
            var descriptors = [terminal.inputDescriptor, signals.descriptor]
            if let fd = source.pollDescriptor { descriptors.append(fd) }
            if picker != nil, let scanWorker { descriptors.append(scanWorker.pollDescriptor) }
            let ready = Poller.wait(for: descriptors, timeoutMilliseconds: max(timeout, animating ? 1 : 0))
            now = MonotonicClock.now()

            if ready.contains(signals.descriptor), !signals.take().isEmpty { break }
            for event in terminal.readInput() {
                dirty = true
                let previousMessage = state.message
                if picker != nil { handlePicker(event, terminal: terminal, now: now) } else { handle(event, terminal: terminal, now: now) }
                if state.message != previousMessage { messageShownAt = nil }
            }
            if quit { break }
            if picker != nil, now >= nextPickerScan { requestPickerScan(now: now) }
            if picker != nil, let scanWorker, ready.contains(scanWorker.pollDescriptor),
               let listings = scanWorker.take() {
                picker?.update(rows: pickerRows(listings))
                dirty = true
            }

            if now >= nextDrain || ready.contains(source.pollDescriptor ?? -1) {
                if route((try? source.drain()) ?? [], now: now) { dirty = true }
                nextDrain = now + Self.drainPeriod
            }
            if let child, let childEntry, childEntry.exitStatus == nil, let status = child.wait() {
                childEntry.markGone(status: status)
                dirty = true
            }
            if now >= nextSnapshot {
                snapshots += 1
                // Only the shown process needs the header's facts and the table's residency.
                for process in list.processes {
                    let shown = process === list.current
                    if process.refreshSnapshot(now: now, readingFacts: shown), shown,
                       snapshots % Self.residencyEvery == 0 {
                        process.refreshResidency()
                    }
                }
                // Polling cannot see forks: children are found by their parent links instead.
                if followChildren, !(source is BPFEventSource) { adoptDescendants() }
                nextSnapshot = now + interval
                dirty = true
            }
            forgetEnded()
            list.pruneEnded(keeping: Self.endedKept)
            // Once a second the clocks, rates and decaying heat move even without events.
            if now >= nextTick {
                nextTick = now + 1_000_000_000
                dirty = true
            }
            // Heat fades over its window: a few frames a second keep that smooth and cheap.
            if list.current?.hasHeat == true, now >= nextHeatFrame {
                nextHeatFrame = now + 250_000_000
                dirty = true
            }
            if let shownAt = messageShownAt, now >= shownAt + messageDuration {
                state.message = nil
                messageShownAt = nil
                messageDuration = Self.messageDuration
                dirty = true
            }
            if dirty || animating {
                if state.message != nil, messageShownAt == nil { messageShownAt = now }
                draw(on: terminal, now: now)
                dirty = false
            }
        }
    }

    // MARK: - Messages

    /// When the footer's message appeared (nil: not yet drawn) and how long it stays.
    private var messageShownAt: UInt64?
    private var messageDuration = WatchSession.messageDuration
    private static let messageDuration: UInt64 = 2_000_000_000
    /// Warnings (a broken theme file) stay long enough to be read.
    private static let warningDuration: UInt64 = 10_000_000_000

    private func show(_ message: String, for duration: UInt64) {
        state.message = message
        messageShownAt = nil
        messageDuration = duration
    }

    // MARK: - Input

    private func handle(_ event: InputEvent, terminal: NcursesTerminal, now: UInt64) {
        switch input.handle(event, state: &state, layout: lastLayout) {
        case .quit: quit = true
        case .redraw: terminal.invalidate()
        case .clearLog: list.current?.clearLog()
        case .showProcess(let step): switchProcess(by: step)
        case .toggleFollowChildren: setFollow(!followChildren)
        case .unwatchProcess: unwatchCurrent()
        case .openPicker: openPicker(now: now)
        case .cycleTheme: cycleTheme(terminal)
        case .none: break
        }
    }

    /// Shows the watched process `step` places along the list (wrapping), restoring where the
    /// user was in its view.
    private func switchProcess(by step: Int) {
        guard list.processes.count > 1, let leaving = list.current else {
            state.message = "only one process is watched: p picks more, -p takes several"
            return
        }
        leaving.viewPosition = ViewPosition(of: state)
        list.show(list.currentIndex + step)
        arrive()
    }

    /// Restores the newly shown process's place and makes the next frame show it even when paused.
    private func arrive() {
        guard let process = list.current else { return }
        // In the background only its identity was kept up to date; the header needs the rest now.
        process.refreshFacts(regions: process.timeline.currentRegions)
        process.refreshResidency()
        (process.viewPosition ?? .initial).restore(into: &state)
        forceFill = true
        state.message = "showing \(process.pid) " + SafeText.escape(process.name)
    }

    private func unwatchCurrent() {
        guard let removed = list.removeCurrent() else { return }
        if sourceWatches.remove(removed.pid) != nil, list.live(removed.pid) == nil { source.unwatch(pid: removed.pid) }
        if removed === childEntry { childEntry = nil }
        if list.isEmpty {
            // Nothing left to show: choose another (Esc there quits).
            openPicker(now: MonotonicClock.now())
        } else {
            arrive()
        }
        state.message = "stopped watching \(removed.pid)"
    }

    private func cycleTheme(_ terminal: NcursesTerminal) {
        theme = themes.load(themes.next(after: theme.name))
        terminal.palette = theme.palette
        if let warning = theme.warning {
            show(warning, for: Self.warningDuration)
        } else {
            state.message = "theme: " + SafeText.escape(theme.name)
        }
    }

    // MARK: - Picker

    /// The first scan is read in place, so the picker opens with its rows; rescans run on the
    /// worker and arrive through its descriptor.
    private func openPicker(now: UInt64) {
        picker = PickerState(rows: pickerRows(processTable.scan()), selecting: list.current?.pid)
        _ = scanWorker?.take()  // a rescan from an earlier opening is stale now
        nextPickerScan = now + Self.pickerRescanPeriod
    }

    private func requestPickerScan(now: UInt64) {
        if let scanWorker {
            scanWorker.request()
        } else {
            picker?.update(rows: pickerRows(processTable.scan()))
        }
        nextPickerScan = now + Self.pickerRescanPeriod
    }

    /// Every process, the watched ones marked with their event rate. A pid counts as watched
    /// only if its start time matches the entry's: a reused pid is a different process.
    private func pickerRows(_ listings: [ProcessListing]) -> [PickerRow] {
        let now = MonotonicClock.now()
        return listings.map { listing in
            let entry = list.live(listing.pid).flatMap { $0.isLifetime(startingAt: listing.startTimeTicks) ? $0 : nil }
            return PickerRow(listing, isWatched: entry != nil, eventsPerSecond: entry?.timeline.eventsPerSecond(now: now))
        }
    }

    private func handlePicker(_ event: InputEvent, terminal: NcursesTerminal, now: UInt64) {
        guard var picker else { return }
        let outcome: PickerOutcome
        switch event {
        case .key(let key): outcome = picker.handle(key, pageSize: pickerLayout?.listRows ?? 10)
        case .mouse(let x, let y, let kind):
            guard let pickerLayout else { return }
            outcome = picker.handle(mouseAtX: x, y: y, kind: kind, layout: pickerLayout, time: now)
        case .resize: outcome = .none
        }
        self.picker = picker
        switch outcome {
        case .none, .refused: break
        case .redraw: terminal.invalidate()
        case .quit: quit = true
        case .close:
            if list.isEmpty { quit = true } else { self.picker = nil }
        case .watch(let pid, let startTicks):
            pick(pid, startTicks: startTicks)
        }
    }

    /// Watches the picked process and shows it; on failure the picker stays open and says why.
    private func pick(_ pid: Int32, startTicks: UInt64) {
        do {
            guard try ProcessFactsReader().identity(pid: pid).startTimeTicks == startTicks else {
                picker?.message = "process \(pid) has exited (its pid now belongs to another process)"
                requestPickerScan(now: MonotonicClock.now())
                return
            }
            let leaving = list.current
            leaving?.viewPosition = ViewPosition(of: state)
            let entry = try watch(pid: pid, show: true)
            picker = nil
            if entry !== leaving { arrive() }
            state.message = "watching \(pid) " + SafeText.escape(entry.name)
                + (list.processes.count > 1 ? ": [ and ] switch between the \(list.processes.count) watched" : "")
        } catch {
            picker?.message = "\(error)"
        }
    }

    private func setFollow(_ on: Bool) {
        followChildren = on
        state.followChildren = on
        (source as? BPFEventSource)?.followChildren = on
        let added = on ? adoptDescendants() : 0
        state.message = on ? "following children" + (added > 0 ? ": \(added) joined the watch list" : "")
            : "not following children"
    }

    // MARK: - Events and children

    /// Hands one drain's events to the processes they belong to; lost-record reports (tgid 0)
    /// go to all. With following on, a fork of a watched process adds the child first, so the
    /// child's own events in the same drain already have a home.
    private func route(_ events: [MemoryEvent], now: UInt64) -> Bool {
        guard !events.isEmpty else { return false }
        var batches: [Int32: [MemoryEvent]] = [:]
        var shared: [MemoryEvent] = []
        for event in events {
            if event.tgid == 0 { shared.append(event); continue }
            if followChildren, case .fork(let childPid, false) = event.kind, list.live(event.tgid) != nil,
               list.live(childPid) == nil {
                adoptChild(childPid, of: event.tgid)
            }
            batches[event.tgid, default: []].append(event)
        }
        var changed = false
        for process in list.processes where !process.hasEnded {
            // Sources put lost-record reports last, so appending keeps the drain's order.
            let mine = (batches[process.pid] ?? []) + shared
            if !mine.isEmpty, process.take(mine, now: now),
               process === list.current {
                changed = true
            }
        }
        return changed
    }

    /// Adds a child of a watched process to the list (not shown: the user switches to it).
    private func adoptChild(_ pid: Int32, of parent: Int32) {
        let parentEntry = list.live(parent)
        let entry = WatchedProcess(pid: pid, commandLine: parentEntry?.commandLine ?? "?", name: parentEntry?.name)
        // With eBPF the kernel already follows it from its first instruction; polling needs telling.
        try? source.watch(pid: pid)
        sourceWatches.insert(pid)
        list.add(entry, show: false)
    }

    /// Adds every running descendant of the watched processes not already watched. Returns how many.
    @discardableResult
    private func adoptDescendants() -> Int {
        let tree = ProcessTree.read()
        var added = 0
        for pid in tree.descendants(of: list.livePids) where list.live(pid) == nil {
            if (try? watch(pid: pid, show: false)) != nil { added += 1 }
        }
        return added
    }

    /// A process that ended leaves the probe's filter at once, so its pid, if reused, is not
    /// followed by accident (the kernel side does the same for exits it sees).
    private func forgetEnded() {
        for process in list.processes where process.hasEnded && sourceWatches.contains(process.pid)
            && list.live(process.pid) == nil {
            source.unwatch(pid: process.pid)
            sourceWatches.remove(process.pid)
        }
    }

    // MARK: - Drawing

    private var lastLayout: LiveView.Layout?
    /// Set when the shown process changed: draw it even while paused.
    private var forceFill = false

    private func draw(on terminal: NcursesTerminal, now: UInt64) {
        let size = terminal.size()
        if let picker {
            let view = PickerView(state: picker, width: size.width, height: size.height)
            pickerLayout = view.layout
            self.picker?.scroll = view.layout.scroll
            terminal.draw(view.render())
            return
        }
        state.watchList = list.items(now: now)
        state.currentWatchIndex = list.currentIndex
        // Paused: the model keeps taking events, the picture stays as it was.
        if let process = list.current, !state.paused || forceFill {
            process.fill(&state, source: source, sourceNote: state.sourceNote, now: now)
            forceFill = false
        }
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
