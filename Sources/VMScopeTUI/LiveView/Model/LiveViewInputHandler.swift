import VMScopeCore

/// Applies keys and clicks to the view state through `KeyBindings`, so what the footer and
/// the help overlay say is exactly what happens. What the state cannot express (quitting,
/// switching process, the picker, the theme) comes back as a `LiveViewEffect` for the run loop.
public struct LiveViewInputHandler: Sendable {
    /// Event-log filters `f` cycles through: the categories each one hides.
    static let filters: [(name: String, hidden: Set<EventLogCategory>)] = [
        ("all events", []),
        ("memory calls only", [.fault, .process]),
        ("faults only", Set(EventLogCategory.allCases).subtracting([.fault])),
        ("process events only", Set(EventLogCategory.allCases).subtracting([.process, .lost])),
        ("failures only", Set(EventLogCategory.allCases).subtracting([.failure, .collision])),
    ]
    private var filterIndex = 0

    /// The smallest linear window zoom goes down to: 16 pages.
    public static let minimumWindow: UInt64 = 1 << 16

    public init() {}

    /// `layout` is the last frame's (clicks are mapped through it, pages sized by it).
    public mutating func handle(_ event: InputEvent, state: inout LiveViewState, layout: LiveView.Layout?) -> LiveViewEffect {
        switch event {
        case .resize:
            return .none
        case .mouse(let x, let y, let kind):
            return mouse(x: x, y: y, kind: kind, state: &state, layout: layout)
        case .key(let key):
            // While help is shown any key but the help keys closes it, like htop.
            if state.showHelp, let action = KeyBindings.action(for: key), action != .toggleHelp, action != .quit {
                state.showHelp = false
                return .none
            }
            guard let action = KeyBindings.action(for: key) else { return .none }
            return apply(action, state: &state, layout: layout)
        }
    }

    private mutating func apply(_ action: Action, state: inout LiveViewState, layout: LiveView.Layout?) -> LiveViewEffect {
        let page = max(1, (state.focus == .regions ? layout?.regionTableRows : layout?.eventLogRows) ?? 10)
        switch action {
        case .quit: return .quit
        case .toggleHelp: state.showHelp.toggle()
        case .dismiss:
            if state.showHelp {
                state.showHelp = false
            } else if state.selectedEvent != nil {
                state.selectedEvent = nil
                state.message = "event selection ended"
            }
        case .selectOlderEvent: selectEvent(by: -1, state: &state)
        case .selectNewerEvent: selectEvent(by: 1, state: &state)
        case .togglePause:
            state.paused.toggle()
            state.message = state.paused ? "paused: events are still recorded" : "resumed"
        case .cycleScale:
            switch state.scale {
            case .compressed: state.scale = .logarithmic
            case .logarithmic: state.scale = .linear(window: AddressSpaceLimit.window(state.addressSpaceLimit))
            case .linear: state.scale = .compressed
            }
            state.message = "scale: " + state.scale.label
        case .zoomIn: zoom(by: 0.5, state: &state)
        case .zoomOut: zoom(by: 2, state: &state)
        case .panLeft: pan(by: -0.25, state: &state)
        case .panRight: pan(by: 0.25, state: &state)
        case .moveUp: move(by: -1, state: &state)
        case .moveDown: move(by: 1, state: &state)
        case .pageUp: move(by: -page, state: &state)
        case .pageDown: move(by: page, state: &state)
        case .home:
            if showsDiff(state) {
                state.diffScroll = 0
            } else if state.focus == .regions {
                state.selectedRegion = 0
            } else if state.selectedEvent != nil {
                selectEvent(by: -state.events.count, state: &state)
            } else {
                state.eventScroll = max(0, state.events.count - 1)
            }
        case .end:
            if showsDiff(state) {
                state.diffScroll = max(0, (state.diff?.rows.count ?? 1) - 1)
            } else if state.focus == .regions { state.selectedRegion = max(0, state.regions.count - 1) } else {
                if state.selectedEvent != nil { selectEvent(by: state.events.count + 1, state: &state) }
                state.eventScroll = 0
            }
        case .nextPanel, .previousPanel:
            state.focus = state.focus == .regions ? .events : .regions
        case .jumpToSelection:
            guard state.regions.indices.contains(state.selectedRegion) else { break }
            let region = state.regions[state.selectedRegion]
            let span = max(Self.minimumWindow, region.size * 4)
            let center = region.start / 2 + region.end / 2
            state.scale = .linear(window: Self.clampedWindow(center: center, span: span, limit: state.addressSpaceLimit))
            state.message = "jumped to " + AddressFormatter.format(region.start)
        case .toggleDetail:
            state.showDetail.toggle()
            state.message = !state.showDetail ? nil : state.focus == .events
                ? "detail: the selected event (< > select, Tab: regions)" : "detail: the selected region (Tab: events)"
        case .toggleSpaceSummary:
            state.showSpaceSummary.toggle()
            state.message = state.showSpaceSummary ? "space summary: u hides it" : nil
        case .cycleEventFilter:
            filterIndex = (filterIndex + 1) % Self.filters.count
            state.hiddenCategories = Self.filters[filterIndex].hidden
            state.eventScroll = 0
            state.message = "event log: " + Self.filters[filterIndex].name
        case .clearEventLog:
            state.eventScroll = 0
            state.selectedEvent = nil
            return .clearLog
        case .redraw: return .redraw
        case .openPicker: return .openPicker
        case .nextProcess: return .showProcess(1)
        case .previousProcess: return .showProcess(-1)
        case .toggleFollowChildren: return .toggleFollowChildren
        case .unwatchProcess: return .unwatchProcess
        case .cycleTheme: return .cycleTheme
        case .setMark:
            state.message = state.hasMark ? "mark moved to now: d shows what changed since"
                : "mark set: d shows what changed since"
            state.hasMark = true
            state.diffScroll = 0
            return .setMark
        case .toggleDiff:
            guard state.showDiff || state.hasMark else {
                state.message = "no mark yet: m marks this moment"
                break
            }
            state.showDiff.toggle()
            if state.showDiff {
                state.focus = .regions
                state.showSpaceSummary = false
            }
            state.message = state.showDiff ? "diff since the mark: d hides it" : nil
        }
        return .none
    }

    private mutating func mouse(x: Int, y: Int, kind: MouseKind, state: inout LiveViewState,
                                layout: LiveView.Layout?) -> LiveViewEffect {
        guard let layout else { return .none }
        switch kind {
        case .click:
            if state.showHelp { state.showHelp = false; return .none }
            if layout.isOnBar(x: x, y: y), let index = layout.regionIndex(atBarColumn: x) {
                state.selectedRegion = index
                state.focus = .regions
            } else if let panel = layout.panel(atX: x, y: y) {
                state.focus = panel
                if panel == .regions, let index = layout.regionRow(atY: y) { state.selectedRegion = index }
                // A click on a log line selects it, as `<` / `>` would.
                if panel == .events, let serial = layout.eventSerial(atY: y) { state.selectedEvent = serial }
            }
        case .wheelUp, .wheelDown:
            if let panel = layout.panel(atX: x, y: y) { state.focus = panel }
            move(by: kind == .wheelUp ? -3 : 3, state: &state)
        }
        return .none
    }

    /// Regions: moves the selection. Events: moves the cursor when a line is selected (the
    /// view follows it, so scrolling away from it would only snap back), else scrolls back (up)
    /// or toward the newest (down).
    private func move(by delta: Int, state: inout LiveViewState) {
        if showsDiff(state) {
            let last = max(0, (state.diff?.rows.count ?? 1) - 1)
            state.diffScroll = max(0, min(last, state.diffScroll + delta))
        } else if state.focus == .regions {
            state.selectedRegion = max(0, min(state.regions.count - 1, state.selectedRegion + delta))
        } else if state.selectedEvent != nil {
            selectEvent(by: delta, state: &state)
        } else {
            state.eventScroll = max(0, min(max(0, state.events.count - 1), state.eventScroll - delta))
        }
    }

    /// Moves the log's cursor (the layout then scrolls it into view) and gives the log the
    /// focus, so the keys that scroll act where the cursor is. Past the newest line the
    /// selection ends and the log follows the newest again.
    private func selectEvent(by step: Int, state: inout LiveViewState) {
        let wasSelected = state.selectedEvent != nil
        state.selectedEvent = EventSelection.moved(state.selectedEvent, by: step, in: state.events,
                                                   hidden: state.hiddenCategories, scroll: state.eventScroll)
        if state.selectedEvent != nil {
            state.focus = .events
            if !wasSelected { state.message = "event selected: < > move, Esc ends" }
        } else if wasSelected {
            state.eventScroll = 0
            state.message = "event selection ended: following the newest"
        }
    }

    /// The diff panel stands in for the region table: the keys that move there scroll it.
    private func showsDiff(_ state: LiveViewState) -> Bool {
        state.showDiff && state.focus == .regions
    }

    private func currentWindow(_ state: LiveViewState) -> ClosedRange<UInt64> {
        if case .linear(let window) = state.scale { return window }
        return AddressSpaceLimit.window(state.addressSpaceLimit)
    }

    private func zoom(by factor: Double, state: inout LiveViewState) {
        let window = currentWindow(state)
        let span = Double(window.upperBound - window.lowerBound) * factor
        let center = window.lowerBound / 2 + window.upperBound / 2
        let clampedSpan = UInt64(max(Double(Self.minimumWindow), min(span, Double(AddressSpaceLimit.window(state.addressSpaceLimit).upperBound))))
        state.scale = .linear(window: Self.clampedWindow(center: center, span: clampedSpan, limit: state.addressSpaceLimit))
        state.message = "linear window: " + ByteFormatter.format(clampedSpan)
    }

    private func pan(by fraction: Double, state: inout LiveViewState) {
        let window = currentWindow(state)
        let span = window.upperBound - window.lowerBound
        let shift = Int64(Double(span) * fraction)
        let center = Int64(bitPattern: window.lowerBound / 2 + window.upperBound / 2) + shift
        state.scale = .linear(window: Self.clampedWindow(center: UInt64(max(0, center)), span: span,
                                                         limit: state.addressSpaceLimit))
    }

    /// A window of `span` bytes around `center`, kept inside the process's user space.
    public static func clampedWindow(center: UInt64, span: UInt64, limit: UInt64) -> ClosedRange<UInt64> {
        let top = AddressSpaceLimit.window(limit).upperBound
        let span = min(span, top)
        var low = center > span / 2 ? center - span / 2 : 0
        if low > top - span { low = top - span }
        return low...(low + span)
    }
}
