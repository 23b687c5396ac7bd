import VMScopeCore

/// The detail pane (`i`), in place of the panel without focus. With the event log focused: the
/// selected line in full — what happened, where, its details unabridged, the kernel's gap
/// searches, the collision, and the user stack frame by frame with each module's build-id. With
/// the region table focused: the selected region and the calls (with their stacks) that created
/// and grew it. Long lines wrap; what does not fit ends with `…`.
struct DetailPaneWidget {
    let state: LiveViewState
    /// Said where a stack would be: the reasons a call has none.
    static let noStack = "no stack (--no-stacks, polling, or a call without one)"
    /// Said instead for what never carries a stack.
    static let noStackForKind = "no stack: only brk, mmap, munmap and mremap calls carry one"

    /// Whether an event of `category` could have had a stack (a failed call may be a brk or an
    /// mmap).
    static func carriesStacks(_ category: EventLogCategory) -> Bool {
        [.brk, .mmap, .munmap, .mremap, .failure].contains(category)
    }

    /// A line of the pane: its text and role, and how far its wrapped continuation is indented.
    struct Line: Equatable {
        var text: String
        var role: ThemeRole = .normal
        var bold = false
        var indent = 0
    }

    var showsEvent: Bool { state.focus == .events }

    func lines() -> [Line] {
        showsEvent ? eventLines() : regionLines()
    }

    func draw(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        screen.fill(rect, role: .normal)
        let lines = wrapped(lines(), width: rect.width - 2)
        let rows = rect.height - 1
        let status = lines.count > rows ? "i hides · \(lines.count - rows + 1) more lines" : "i hides"
        PanelTitle.draw(into: &screen, x: rect.x, y: rect.y, width: rect.width,
                        title: showsEvent ? "Detail · event" : "Detail · region", status: status, focused: false)
        for (offset, line) in lines.prefix(rows).enumerated() {
            let last = offset == rows - 1 && lines.count > rows
            screen.put(last ? "…" : line.text, x: rect.x + 1, y: rect.y + 1 + offset, role: last ? .dim : line.role,
                       bold: line.bold, maxWidth: rect.width - 2)
        }
    }

    // MARK: - Event

    private func eventLines() -> [Line] {
        guard let entry = EventSelection.entry(state.selectedEvent, in: state.events) else {
            return [Line(text: "no event selected: < and > select a line of the event log", role: .dim)]
        }
        let description = entry.description
        var head = description.label
        if let range = description.range { head += "  " + AddressFormatter.format(range) }
        if let count = description.count { head += "  ×\(count)" } else if let bytes = description.bytes {
            head += "  " + ByteFormatter.format(bytes)
        }
        var lines = [Line(text: head, role: .event(entry.category), bold: true, indent: 2)]
        var when = "at " + DisplayFormat.seconds(entry.seconds).trimmingLeadingSpaces + " s  tid \(entry.tid)"
        if entry.repeatCount > 1 { when += "  repeated ×\(entry.repeatCount) (the latest shown)" }
        if entry.absorbedFaults > 0 { when += "  \(entry.absorbedFaults) faults inside" }
        lines.append(Line(text: when, role: .dim))
        // Already escaped by EventDescriber.
        if !description.detail.isEmpty { lines.append(Line(text: description.detail, indent: 2)) }
        for search in entry.gapSearches {
            lines.append(Line(text: "gap search: " + EventDescriber.describe(search),
                              role: search.failed ? .error : .normal, indent: 12))
        }
        if let collision = entry.collision {
            lines.append(Line(text: "collision: " + collision.reason, role: .error, bold: true, indent: 11))
        }
        lines += stackLines(entry.stack, heading: "stack", category: entry.category)
        return lines
    }

    // MARK: - Region

    private func regionLines() -> [Line] {
        guard state.regions.indices.contains(state.selectedRegion) else {
            return [Line(text: "no region selected", role: .dim)]
        }
        let region = state.regions[state.selectedRegion]
        var head = region.kind.label + "  " + AddressFormatter.format(region.start..<region.end) + "  "
            + ByteFormatter.format(region.size) + "  " + region.permissions.description
        if !region.pathname.isEmpty { head += "  " + SafeText.escape(region.pathname) }
        var lines = [Line(text: head, role: .region(region.kind), bold: true, indent: 2)]
        guard !state.regionStacks.isEmpty else {
            lines.append(Line(text: "no call with a stack made or grew it (--no-stacks, polling, or mapped before watching began)",
                              role: .dim, indent: 2))
            return lines
        }
        lines.append(Line(text: "made and grown by (oldest first):", role: .dim))
        for record in state.regionStacks {
            let seconds = record.timestamp >= state.logEpoch ? Double(record.timestamp - state.logEpoch) / 1e9 : 0
            lines.append(Line(text: DisplayFormat.seconds(seconds).trimmingLeadingSpaces + " s  " + record.label + "  "
                                  + AddressFormatter.format(record.range) + "  "
                                  + ByteFormatter.format(UInt64(record.range.count)),
                              role: .title, bold: true, indent: 4))
            lines += stackLines(record.stack, heading: nil)
        }
        return lines
    }

    // MARK: - Stacks

    private func stackLines(_ stack: UserStack?, heading: String?, category: EventLogCategory? = nil) -> [Line] {
        guard let stack, !stack.addresses.isEmpty || !stack.frames.isEmpty else {
            let why = category.map(Self.carriesStacks) == false ? Self.noStackForKind : Self.noStack
            return [Line(text: why, role: .dim, indent: 2)]
        }
        var lines: [Line] = []
        let frames = StackFrameText.lines(stack)
        if let heading {
            lines.append(Line(text: heading + " (\(frames.count) frames\(stack.truncated ? ", cut at the depth limit" : "")):",
                              role: .dim))
        }
        let numberWidth = "\(max(0, frames.count - 1))".count
        for (index, frame) in frames.enumerated() {
            let number = String(repeating: " ", count: numberWidth - "\(index)".count) + "#\(index)"
            lines.append(Line(text: "  " + number + " " + frame, indent: numberWidth + 4))
        }
        if stack.truncated, heading == nil { lines.append(Line(text: "  … (cut at the depth limit)", role: .dim)) }
        if heading != nil {
            for module in StackFrameText.modules(stack) { lines.append(Line(text: "  " + module, role: .dim, indent: 4)) }
        }
        return lines
    }

    /// Each line cut into rows of `width` columns; continuation rows indented by the line's `indent`.
    func wrapped(_ lines: [Line], width: Int) -> [Line] {
        guard width > 4 else { return lines }
        var rows: [Line] = []
        for line in lines {
            var rest = Substring(line.text)
            var first = true
            repeat {
                let indent = first ? 0 : min(line.indent, width / 2)
                let room = width - indent
                var taken = 0, end = rest.startIndex
                while end < rest.endIndex {
                    let columns = Screen.columns(of: rest[end])
                    if taken + columns > room { break }
                    taken += columns
                    end = rest.index(after: end)
                }
                if end == rest.startIndex, end < rest.endIndex { end = rest.index(after: end) }
                var row = line
                row.text = String(repeating: " ", count: indent) + rest[rest.startIndex..<end]
                rows.append(row)
                rest = rest[end...]
                first = false
            } while !rest.isEmpty
        }
        return rows
    }
}

private extension String {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
