import Glibc
import VMScopeCore
import VMScopeProbe
import VMScopeTUI

/// The live view's run loop: one poll(2) on the keyboard, signals and the event source, until
/// the monitoring engine's next deadline or the next animation frame. The engine decides what to
/// read and when; this loop hands its updates to the watched processes' pictures and draws only
/// when something changed or moves, so an idle view costs next to nothing.
///
/// Every process on the watch list stays in the engine (and the probe's filter) and keeps its own
/// Timeline and log while another one is shown, so switching (`[`/`]`) is instant and loses
/// nothing.
final class WatchSession {
    private let monitor: ProcessMonitor
    private let sourceNote: String?
    private let list = WatchList<WatchedProcess>()
    /// The command or demo vmscope started (nil when attached with -p).
    private var child: PausedChild?
    private var pickerRequested: Bool
    /// Entries by engine process, to route its updates.
    private var entries: [ObjectIdentifier: WatchedProcess] = [:]

    private var state = LiveViewState()
    private var input = LiveViewInputHandler()
    private var footer = FooterMessageTimer()
    private var quit = false
    /// The signal that ended the view, if one did (the command then exits 128 + n).
    private(set) var stoppedBy: SignalWatcher.Received?
    /// Said in the footer for a while at start (what the demo is doing and why).
    private var startupMessage: String?

    /// The process picker while it is open (it covers the live view; events keep flowing).
    private var picker: PickerState?
    private var pickerLayout: PickerView.Layout?
    private var nextPickerScan: UInt64 = 0
    private let processTable = ProcessTableReader()
    /// Rescans run off the input thread (nil if there was no descriptor for it: then in place).
    private let scanWorker = ProcessScanWorker()
    /// The shown process's facts and residency, read off the loop's thread.
    private let details: DetailReads? = DetailReads(label: "vmscope.details")
    /// A full /proc scan costs a few ms per hundred processes: often enough to see new ones.
    private static let pickerRescanPeriod: UInt64 = 2_000_000_000

    private let themes: ThemeCatalog
    private var theme: LoadedTheme

    /// Frame period while something animates (about 30 frames per second).
    private static let framePeriod: UInt64 = 33_000_000
    /// Ended processes kept on the watch list (their last picture) before the oldest go.
    private static let endedKept = 32

    /// `--record`: every tick's updates and the shown process's detail reads are saved.
    private let recorder: RecordingWriter?
    /// The command started (for the recording's start line), empty when attached.
    private var command: [String] = []

    init(source: EventSource, sourceNote: String?, target: WatchTarget, pick: Bool, follow: Bool,
         interval: UInt64, themes: ThemeCatalog, theme: LoadedTheme, symbolizer: StackSymbolizing? = nil,
         recorder: RecordingWriter? = nil) throws {
        self.recorder = recorder
        self.themes = themes
        self.theme = theme
        self.sourceNote = sourceNote
        // The ring buffer is read at least every 100 ms (sooner when the kernel wakes us).
        monitor = ProcessMonitor(source: source, interval: interval, drainPeriod: 100_000_000,
                                 followChildren: follow, symbolizer: symbolizer)
        pickerRequested = pick
        switch target {
        case .processes(let selectors):
            let explicit = Set(selectors.compactMap { if case .pid(let pid) = $0 { return pid } else { return nil } })
            // A kernel thread or a zombie ends as soon as it is watched (it has no address
            // space): it is still shown, saying so, rather than refused as gone.
            var watched = 0
            for pid in try ProcessResolver.pids(for: selectors) {
                do {
                    try monitor.watch(pid: pid)
                    watched += 1
                } catch ProcReadError.noSuchProcess where !explicit.contains(pid) {
                    // Matched by name a moment ago and gone since: nothing to watch, no error.
                } catch let error as ProcReadError {
                    throw error
                } catch {
                    throw CommandError("cannot watch process \(pid): \(error)")
                }
            }
            guard watched > 0 else {
                throw CommandError("-p: every process that matched has exited; check with `ps -e`")
            }
        case .command(let argv):
            try start(argv, label: nil)
        case .demo:
            try start(CommandArguments([Self.ownExecutable(), "demo-workload"]), label: DemoWorkload.label)
            // A 64-bit process's heap and mmap area never meet: say that the demo makes them.
            startupMessage = "demo: heap and mmap meet in a \(DemoWorkload.window >> 20) MiB window"
        case .nothing:
            pickerRequested = true
        }
    }

    /// Starts `argv` paused, watches it, then lets it exec: nothing it maps is missed.
    private func start(_ argv: CommandArguments, label: String?) throws {
        command = argv.display
        do {
            let child = try PausedChild(arguments: argv.raw)
            self.child = child
            let process = try monitor.watchLaunched(pid: child.pid, reap: { child.wait() })
            let entry = WatchedProcess(process, commandLine: label ?? argv.display.joined(separator: " "),
                                       name: label == nil ? nil : "demo", keepsLabel: label != nil)
            add(entry, show: true)
            try child.release()
            monitor.launchReleased(process)
        } catch let error as PausedChildError {
            throw CommandError(error.description)
        }
    }

    private func add(_ entry: WatchedProcess, show: Bool) {
        entries[ObjectIdentifier(entry.process)] = entry
        list.add(entry, show: show)
    }

    /// Runs until the user quits, on `terminal` (which the caller set up and stops).
    func run(on terminal: NcursesTerminal) throws {
        defer {
            // Every process leaves the probe's filter; a recording gets their ends too.
            let last = (try? monitor.finish()) ?? []
            recorder?.append(last, lostTotal: monitor.lostRecords)
            finishChild()
        }
        let signals = try SignalWatcher()
        state.source = monitor.source.name
        state.sourceNote = [sourceNote, terminal.note].compactMap { $0 }.joined(separator: "; ").nilIfEmpty
        state.followChildren = monitor.followChildren
        if let warning = theme.warning { footer.show(warning, for: FooterMessageTimer.warningDuration, in: &state) }
        else if let startupMessage { footer.show(startupMessage, for: FooterMessageTimer.warningDuration, in: &state) }

        var now = MonotonicClock.now()
        // The recording's first line, as `trace` would have written it (a replay prints it).
        recorder?.append(TraceStart(command: command, pids: monitor.processes.map(\.pid), source: monitor.source.name,
                                    note: state.sourceNote, followChildren: monitor.followChildren, time: now))
        _ = take(try monitor.tick(), now: now)
        if list.current != nil { arrive() }
        if pickerRequested || list.isEmpty { openPicker(now: now) }
        var nextTick = now
        var nextHeatFrame = now
        var dirty = true

        while !quit {
            now = MonotonicClock.now()
            let shown = list.current
            let animating = shown?.view.isAnimating(now: now) ?? false
            var wake = min(monitor.nextDeadline(), nextTick)
            if shown?.view.hasHeat == true { wake = min(wake, nextHeatFrame) }
            if animating { wake = min(wake, now + Self.framePeriod) }
            var timeout = wake > now ? Int32(min((wake - now + 999_999) / 1_000_000, 1000)) : 0
            // A resize during the last frame: read it (readInput) and repaint without sleeping.
            if terminal.resizedDuringLastFrame() { timeout = 0; dirty = true }
            var descriptors = [terminal.inputDescriptor, signals.descriptor]
            if let fd = monitor.pollDescriptor { descriptors.append(fd) }
            if picker != nil, let scanWorker { descriptors.append(scanWorker.pollDescriptor) }
            if let details { descriptors.append(details.pollDescriptor) }
            let ready = Poller.wait(for: descriptors, timeoutMilliseconds: max(timeout, animating ? 1 : 0))
            now = MonotonicClock.now()

            if ready.contains(signals.descriptor) {
                let signal = signals.takeForView()
                if let stop = signal.stop {
                    stoppedBy = stop
                    break
                }
                if signal.continued {
                    terminal.resume()
                    dirty = true
                }
            }
            for event in terminal.readInput() {
                dirty = true
                let previousMessage = state.message
                if picker != nil { handlePicker(event, terminal: terminal, now: now) } else { handle(event, terminal: terminal, now: now) }
                footer.inputHandled(messageBefore: previousMessage, state: state)
            }
            if quit { break }
            if picker != nil, now >= nextPickerScan { requestPickerScan(now: now) }
            if let details, ready.contains(details.pollDescriptor), takeDetails(details, now: now) { dirty = true }
            if let shown = list.current, now >= shown.nextResidencyRead { shown.requestResidency(from: details) }
            if picker != nil, let scanWorker, ready.contains(scanWorker.pollDescriptor),
               let listings = scanWorker.take() {
                picker?.update(rows: pickerRows(listings))
                dirty = true
            }

            do {
                if take(try monitor.tick(), now: now) { dirty = true }
            } catch {
                throw CommandError("\(monitor.source.name) source failed: \(error)")
            }
            list.pruneEnded(keeping: Self.endedKept)
            // Once a second the clocks, rates and decaying heat move even without events.
            if now >= nextTick {
                nextTick = now + 1_000_000_000
                dirty = true
            }
            // Heat fades over its window: a few frames a second keep that smooth and cheap.
            if list.current?.view.hasHeat == true, now >= nextHeatFrame {
                nextHeatFrame = now + 250_000_000
                dirty = true
            }
            if footer.expire(now: now, state: &state) { dirty = true }
            if dirty || animating {
                footer.drawing(state, now: now)
                draw(on: terminal, now: now)
                dirty = false
            }
        }
    }

    /// Hands one tick's updates to the pictures; a process that joined (a followed child, one
    /// found running) gets an entry in the background. Returns whether the shown one changed.
    private func take(_ updates: [MonitorUpdate], now: UInt64) -> Bool {
        recorder?.append(updates, lostTotal: monitor.lostRecords, time: now)
        var changed = false
        for update in updates {
            switch update {
            case .joined(let process):
                if let entry = entries[ObjectIdentifier(process)] {
                    entry.take(update, now: now)
                    continue
                }
                // A child is named after its parent until its first read says otherwise.
                let parent: WatchedProcess? = if case .forked(let pid) = process.joinReason { list.live(pid) } else { nil }
                let name = process.identity?.command ?? parent?.view.name
                let entry = WatchedProcess(process, commandLine: name.map { "[\($0)]" } ?? parent?.view.commandLine ?? "?",
                                           name: name)
                add(entry, show: false)
                entry.take(update, now: now)
                changed = true
            case .lost:
                // Every picture says records were lost (the ring buffer is shared).
                for entry in list.processes where entry.process.isLive { entry.take(update, now: now) }
                changed = true
            case .events(let process, _), .snapshot(let process, _), .ended(let process):
                guard let entry = entries[ObjectIdentifier(process)] else { continue }
                let shown = entry === list.current
                if entry.take(update, now: now), shown { changed = true }
                if case .ended = update {
                    entries[ObjectIdentifier(process)] = nil
                    changed = true
                }
                if case .snapshot = update, shown {
                    // The header's facts follow the shown process's snapshots.
                    entry.requestFacts(from: details)
                }
            }
        }
        return changed
    }

    /// Hands finished background reads to their processes. Returns whether the shown one changed.
    private func takeDetails(_ details: DetailReads, now: UInt64) -> Bool {
        var changed = false
        for (key, value) in details.take() {
            guard let entry = list.live(key.pid) else { continue }
            if let recorder, let detail = value.recorded { recorder.append(details: detail, of: entry.process, at: now) }
            entry.take(value, now: now)
            if entry === list.current { changed = true }
        }
        return changed
    }

    private static func ownExecutable() -> String {
        (try? ProcFileReader.readLink("/proc/self/exe").get()) ?? CommandLine.arguments[0]
    }

    // MARK: - Input

    private func handle(_ event: InputEvent, terminal: NcursesTerminal, now: UInt64) {
        switch input.handle(event, state: &state, layout: lastLayout) {
        case .quit: quit = true
        case .redraw: terminal.invalidate()
        case .clearLog: list.current?.view.clearLog()
        case .showProcess(let step): switchProcess(by: step)
        case .toggleFollowChildren: setFollow(!monitor.followChildren)
        case .unwatchProcess: unwatchCurrent()
        case .openPicker: openPicker(now: now)
        case .cycleTheme: cycleTheme(terminal)
        case .setMark:
            list.current?.view.setMark(now: now)
            forceFill = true
        case .none: break
        }
    }

    /// Shows the watched process `step` places along the list (wrapping), restoring where the
    /// user was in its view.
    private func switchProcess(by step: Int) {
        if list.step(by: step, state: &state) { arrive() }
    }

    /// Brings the newly shown process (its place in the view already restored) up to date and
    /// makes the next frame show it even when paused.
    private func arrive() {
        guard let entry = list.current else { return }
        // In the background only its identity was kept up to date; the header needs the rest now.
        entry.requestFacts(from: details)
        entry.requestResidency(from: details)
        forceFill = true
    }

    private func unwatchCurrent() {
        guard let removed = list.removeCurrent() else { return }
        monitor.unwatch(removed.process)
        entries[ObjectIdentifier(removed.process)] = nil
        if list.isEmpty {
            // Nothing left to show: choose another (Esc there quits).
            openPicker(now: MonotonicClock.now())
        } else {
            list.restorePosition(into: &state)
            arrive()
        }
        state.message = "stopped watching \(removed.pid)"
    }

    private func cycleTheme(_ terminal: NcursesTerminal) {
        theme = ThemeCycling.next(after: theme, in: themes, on: terminal, footer: &footer, state: &state)
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
            let entry = list.live(listing.pid).flatMap {
                $0.process.startTimeTicks.map { $0 == listing.startTimeTicks } ?? true ? $0 : nil
            }
            return PickerRow(listing, isWatched: entry != nil,
                             eventsPerSecond: entry?.process.timeline.eventsPerSecond(now: now))
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
            list.savePosition(of: state)
            let process = try monitor.watch(pid: pid)
            // The engine hands out the new process's join (and first snapshot) at its next tick.
            _ = take(try monitor.tick(), now: MonotonicClock.now())
            guard let entry = entries[ObjectIdentifier(process)] else { return }
            list.show(entry)
            picker = nil
            if entry !== leaving {
                list.restorePosition(into: &state)
                arrive()
            }
            state.message = "watching \(pid) " + SafeText.escape(entry.view.name)
                + (list.processes.count > 1 ? ": [ and ] switch between the \(list.processes.count) watched" : "")
        } catch {
            picker?.message = "\(error)"
        }
    }

    private func setFollow(_ on: Bool) {
        monitor.followChildren = on
        state.followChildren = on
        // Children already running join at the engine's next tick.
        let added = on ? monitor.adoptDescendants().count : 0
        state.message = on ? "following children" + (added > 0 ? ": \(added) joined the watch list" : "")
            : "not following children"
    }

    // MARK: - Drawing

    private var lastLayout: LiveView.Layout?
    private var barCache = BarLayoutCache()
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
        list.fillStrip(&state, now: now)
        // Paused: the model keeps taking events, the picture stays as it was.
        if let process = list.current, !state.paused || forceFill {
            process.view.fill(&state, now: now)
            forceFill = false
        }
        // The detail pane follows the selection even over a frozen picture.
        if state.paused, state.showDetail { list.current?.view.fillRegionStacks(&state) }
        let view = LiveView(state: state, width: size.width, height: size.height, cache: &barCache)
        state.regionScroll = view.layout.regionScroll
        state.eventScroll = view.layout.eventScroll
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
