import VMScopeCore

/// The event log, newest at the bottom like a terminal scrolling by: time, thread, what
/// happened (coloured by kind), where, how much, and the decoded details. `eventScroll` lines
/// back from the newest; categories in `hiddenCategories` are skipped and named in the title.
/// The selected line (`selectedEvent`) is drawn in the selection role.
struct EventLogWidget {
    let state: LiveViewState
    let focused: Bool
    /// Lines back from the newest: the layout's, which keeps the selected line in view.
    let scroll: Int

    init(state: LiveViewState, focused: Bool, scroll: Int? = nil) {
        self.state = state
        self.focused = focused
        self.scroll = scroll ?? state.eventScroll
    }

    /// The entries to show, oldest first, at most `rows` of them. Walks back from the newest,
    /// so the cost is the lines shown plus the lines scrolled over, not the whole log; when
    /// the scroll runs past the oldest entry the view stops at the oldest page.
    func visibleEntries(rows: Int) -> (entries: [EventLogEntry], scrolledBack: Int) {
        guard rows > 0 else { return ([], 0) }
        let wanted = max(0, scroll) + rows
        var newestFirst: [EventLogEntry] = []
        newestFirst.reserveCapacity(min(wanted, state.events.count))
        var index = state.events.count - 1
        while index >= 0, newestFirst.count < wanted {
            let entry = state.events[index]
            if !state.hiddenCategories.contains(entry.category) { newestFirst.append(entry) }
            index -= 1
        }
        let skip = max(0, min(scroll, newestFirst.count - rows))
        let page = newestFirst.dropFirst(skip).prefix(rows)
        return (Array(page.reversed()), skip)
    }

    func draw(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let rows = rect.height - 1
        let (entries, back) = visibleEntries(rows: rows)
        var title = "Events"
        if !state.hiddenCategories.isEmpty {
            let shown = EventLogCategory.allCases.filter { !state.hiddenCategories.contains($0) }
            title += shown.count <= 3 && !shown.isEmpty
                ? " · only " + shown.map(\.rawValue).joined(separator: ", ")
                : " · hiding " + EventLogCategory.allCases.filter { state.hiddenCategories.contains($0) }
                    .map(\.rawValue).joined(separator: ", ")
        }
        let selected = EventSelection.entry(state.selectedEvent, in: state.events)?.serial
        var status = back > 0 ? "↑ \(back) back" : state.events.isEmpty ? "no events yet" : "newest"
        if selected != nil { status = "selected · " + status }
        PanelTitle.draw(into: &screen, x: rect.x, y: rect.y, width: rect.width, title: title, status: status,
                        focused: focused)
        // Bottom-aligned: the newest line sits on the panel's last row.
        let top = rect.maxY - entries.count
        for (offset, entry) in entries.enumerated() {
            drawLine(entry, into: &screen, x: rect.x, y: top + offset, width: rect.width,
                     selected: entry.serial == selected)
        }
    }

    /// Wide enough for the longest call name (`io_destroy`) and a folded pair (`mmap+munmap`).
    static let labelWidth = 11

    private func drawLine(_ entry: EventLogEntry, into screen: inout Screen, x lineX: Int, y: Int, width: Int,
                          selected: Bool) {
        let limit = lineX + width
        var x = lineX + 1
        // The selected line is one bar across the panel: every field in the selection role.
        if selected { screen.fill(Rect(x: lineX, y: y, width: width, height: 1), role: .selection) }
        func field(_ text: String, _ columnWidth: Int, right: Bool = false, role: ThemeRole = .normal, bold: Bool = false) {
            guard x < limit else { return }
            screen.put(TextFit.pad(text, to: columnWidth, right: right), x: x, y: y, role: selected ? .selection : role,
                       bold: bold, maxWidth: limit - x)
            x += columnWidth + 1
        }
        let description = entry.description
        field(DisplayFormat.seconds(entry.seconds), 9, right: true, role: .dim)
        // The thread is the first thing to go in a narrow panel: most programs have one.
        if width >= 80 { field("\(entry.tid)", 7, right: true, role: .dim) }
        field(description.label, Self.labelWidth, role: .event(entry.category), bold: true)
        if entry.category == .collision {
            // The reason is the line: it takes the range and size columns too.
            let reason = (entry.repeatCount > 1 ? "×\(entry.repeatCount) " : "") + description.detail
            let room = limit - x - 1
            if room > 0 {
                screen.put(TextFit.truncate(reason, to: room), x: x, y: y, role: selected ? .selection : .error, bold: true,
                           maxWidth: room)
            }
            return
        }
        // Wide panels show the whole range; narrow ones the start address only.
        let showRange = width >= 90
        if let range = description.range {
            field(showRange ? AddressFormatter.format(range) : AddressFormatter.format(range.lowerBound), showRange ? 29 : 14)
        } else {
            field("", showRange ? 29 : 14)
        }
        var amount = ""
        if let count = description.count { amount = "×\(count)" } else if let bytes = description.bytes { amount = ByteFormatter.format(bytes) }
        field(amount, 9, right: true)
        // Already escaped by EventDescriber.
        var detail = description.detail
        if entry.absorbedFaults > 0 { detail += " (\(entry.absorbedFaults) faults)" }
        if entry.repeatCount > 1 { detail = "×\(entry.repeatCount) " + detail }
        let room = limit - x - 1
        if room > 0 {
            screen.put(TextFit.truncate(detail, to: room), x: x, y: y, role: selected ? .selection : .normal, maxWidth: room)
        }
    }
}
