import Glibc
import VMScopeCore
import VMScopeTUI

/// `vmscope replay`'s run loop: the live view fed by a `RecordingPlayer` instead of a
/// `ProcessMonitor`. The pictures take the player's updates with the recording's time as `now`,
/// so ages, rates and animations follow the replay clock, not the wall clock: paused, nothing
/// fades; at 4× flashes fade four times as fast.
///
/// Forward (playing, stepping, seeking ahead) hands the player's updates on; back (stepping or
/// seeking back) rewinds the player, starts the pictures afresh and replays up to the new time:
/// the pictures keep no history to undo.
final class ReplaySession {
    private let player: RecordingPlayer
    private var control: ReplayControl
    private var list = WatchList<WatchedProcess>()
    /// Entries by replayed process, to route its updates.
    private var entries: [ObjectIdentifier: WatchedProcess] = [:]
    /// When each entry's detail reads (facts, residency) were last handed to its picture.
    private var detailsTaken: [ObjectIdentifier: UInt64] = [:]
    /// The recording time the pictures show.
    private var shownTime: UInt64

    private var state = LiveViewState()
    private var input = LiveViewInputHandler()
    private var footer = FooterMessageTimer()
    private var quit = false
    /// The signal that ended the view, if one did (the command then exits 128 + n).
    private(set) var stoppedBy: SignalWatcher.Received?
    /// The recording is cut short or corrupt further on: said on the strip and in the footer.
    private let warning: String?

    private let themes: ThemeCatalog
    private var theme: LoadedTheme

    /// Frame period while playing (about 30 frames per second).
    private static let framePeriod: UInt64 = 33_000_000

    init(player: RecordingPlayer, themes: ThemeCatalog, theme: LoadedTheme) {
        self.player = player
        self.themes = themes
        self.theme = theme
        control = ReplayControl(startTime: player.startTime, endTime: player.endTime, eventTimes: player.eventTimes())
        shownTime = player.startTime
        let problems = (player.error.map { ["replay stops early: \($0)"] } ?? []) + player.warnings
        warning = problems.first
    }

    /// What the header says the events come from: a replay, and of which machine.
    var sourceName: String {
        let header = player.header
        return "replay of " + SafeText.escape(header.hostname) + " (" + SafeText.escape(header.kernelRelease) + " "
            + SafeText.escape(header.architecture) + ")"
    }

    /// Runs until the user quits, on `terminal` (which the caller set up and stops).
    func run(on terminal: NcursesTerminal) throws {
        let signals = try SignalWatcher()
        state.source = sourceName
        state.sourceNote = terminal.note
        if let warning { footer.show(warning, for: FooterMessageTimer.warningDuration, in: &state) }
        else if let themeWarning = theme.warning { footer.show(themeWarning, for: FooterMessageTimer.warningDuration, in: &state) }
        else { state.message = "replay: space plays, n steps, ? lists the keys" }
        take(player.advance(to: shownTime))
        var dirty = true

        while !quit {
            var wall = MonotonicClock.now()
            let playing = control.clock.isPlaying
            var timeout: Int32 = playing ? Int32(Self.framePeriod / 1_000_000) : 1000
            if terminal.resizedDuringLastFrame() { timeout = 0; dirty = true }
            let ready = Poller.wait(for: [terminal.inputDescriptor, signals.descriptor], timeoutMilliseconds: timeout)
            wall = MonotonicClock.now()
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
                handle(event, terminal: terminal, wall: wall)
                footer.inputHandled(messageBefore: previousMessage, state: state)
            }
            if quit { break }
            if control.clock.isPlaying { control.tick(wall: wall) }
            if show(control.clock.position, events: control.eventCursor) { dirty = true }
            if footer.expire(now: wall, state: &state) { dirty = true }
            if dirty || playing {
                footer.drawing(state, now: wall)
                draw(on: terminal)
                dirty = false
            }
        }
    }

    // MARK: - Moving through the recording

    /// Brings the pictures to recording time `time`: exactly `events` events after a step (several
    /// often share one time), else everything up to `time`. Returns whether anything changed.
    @discardableResult
    func show(_ time: UInt64, events: Int? = nil) -> Bool {
        if let events {
            guard events != player.eventsPlayed || time != shownTime else { return false }
            if events < player.eventsPlayed { rebuild(toEvent: events, time: time) } else { take(player.advance(toEvent: events)) }
        } else {
            // Shown by a step, the time's last events may still be to come.
            guard time != shownTime || shownByCount else { return false }
            if time < shownTime { rebuild(toEvent: nil, time: time) } else { take(player.advance(to: time)) }
        }
        shownByCount = events != nil
        shownTime = time
        return true
    }

    /// The pictures show a step's exact event count rather than everything up to the time.
    private var shownByCount = false

    /// Where the user set the diff's mark (`m`): which entry, after how many events, at what time;
    /// set again when the pictures are rebuilt, so going back does not lose it.
    private var mark: (entry: Int, events: Int, time: UInt64)?

    private func setMark() {
        guard let entry = list.current else { return }
        entry.view.setMark(now: shownTime)
        mark = (list.currentIndex, player.eventsPlayed, shownTime)
    }

    /// Back in time: the player from the start, fresh pictures, replayed up to exactly `events`
    /// events (or everything up to `time`), the mark set again on the way when it lies before.
    /// The user's choices (scale, focus, selections) stay in the state; the shown process stays shown.
    private func rebuild(toEvent events: Int?, time: UInt64) {
        let shownIndex = list.currentIndex
        player.rewind()
        list = WatchList()
        entries = [:]
        detailsTaken = [:]
        if let mark {
            let before = events.map { mark.events <= $0 } ?? (mark.time <= time)
            if before {
                take(player.advance(toEvent: mark.events))
                if list.processes.indices.contains(mark.entry) { list.processes[mark.entry].view.setMark(now: mark.time) }
            } else {
                self.mark = nil
                state.message = "back before the mark: the mark is cleared (m sets one here)"
            }
        }
        take(events.map { player.advance(toEvent: $0) } ?? player.advance(to: time))
        list.show(shownIndex)
    }

    /// Hands updates to the pictures, stamped with the recording's time.
    private func take(_ updates: [MonitorUpdate]) {
        for update in updates {
            switch update {
            case .joined(let process):
                let parent: WatchedProcess? = if case .forked(let pid) = process.joinReason { list.live(pid) } else { nil }
                let name = process.identity?.command ?? parent?.view.name
                let entry = WatchedProcess(process, commandLine: name.map { "[\($0)]" } ?? parent?.view.commandLine ?? "?",
                                           name: name, startedAt: player.startTime)
                entry.view.uptimeFromProcessClock = false
                entries[ObjectIdentifier(process)] = entry
                list.add(entry, show: false)
                entry.take(update, now: player.position)
            case .lost:
                for entry in list.processes where entry.process.isLive { entry.take(update, now: player.position) }
            case .events(let process, let events):
                guard let entry = entries[ObjectIdentifier(process)] else { continue }
                entry.take(update, now: events.last?.timestamp ?? player.position)
            case .snapshot(let process, let reconciled):
                guard let entry = entries[ObjectIdentifier(process)] else { continue }
                entry.take(update, now: reconciled.snapshot.timestamp)
                takeDetails(of: entry)
            case .ended(let process):
                guard let entry = entries[ObjectIdentifier(process)] else { continue }
                entry.take(update, now: process.endedAt ?? player.position)
                entries[ObjectIdentifier(process)] = nil
            }
        }
    }

    /// What the live view had read beside the layout (facts, residency, limits) as of now.
    private func takeDetails(of entry: WatchedProcess) {
        guard let details = player.details(of: entry.process), let time = details.time,
              detailsTaken[ObjectIdentifier(entry.process)] != time else { return }
        detailsTaken[ObjectIdentifier(entry.process)] = time
        if let facts = details.facts { entry.view.setFacts(facts) }
        if let residency = details.residency { entry.view.setResidency(residency) }
        if let limits = details.limits { entry.view.setSpaceLimits(limits) }
    }

    // MARK: - Input

    private func handle(_ event: InputEvent, terminal: NcursesTerminal, wall: UInt64) {
        if case .key(let key) = event, !state.showHelp {
            if let action = ReplayKeyBindings.action(for: key) {
                state.message = control.apply(action, wall: wall)
                return
            }
            if let live = KeyBindings.action(for: key), ReplayKeyBindings.disabledLiveActions.contains(live) {
                state.message = "not in a replay: the recording's processes are all there is"
                return
            }
        }
        switch input.handle(event, state: &state, layout: lastLayout) {
        case .quit: quit = true
        case .redraw: terminal.invalidate()
        case .clearLog: list.current?.view.clearLog()
        case .showProcess(let step): _ = list.step(by: step, state: &state)
        case .cycleTheme: cycleTheme(terminal)
        case .setMark: setMark()
        case .openPicker, .toggleFollowChildren, .unwatchProcess, .none: break
        }
    }

    private func cycleTheme(_ terminal: NcursesTerminal) {
        theme = ThemeCycling.next(after: theme, in: themes, on: terminal, footer: &footer, state: &state)
    }

    // MARK: - Drawing

    private var lastLayout: LiveView.Layout?
    private var barCache = BarLayoutCache()

    private func draw(on terminal: NcursesTerminal) {
        let size = terminal.size()
        let now = shownTime
        state.replay = control.strip(warning: warning)
        list.fillStrip(&state, now: now)
        state.waitingFor = list.current == nil ? "nothing recorded yet at this time: n steps to the first event" : nil
        list.current?.view.fill(&state, now: now)
        let view = LiveView(state: state, width: size.width, height: size.height, cache: &barCache)
        state.regionScroll = view.layout.regionScroll
        state.eventScroll = view.layout.eventScroll
        lastLayout = view.layout
        terminal.draw(view.render())
    }
}
