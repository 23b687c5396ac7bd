import VMScopeCore

/// The picker's process table: the heading bar (the sort column bright, with ▲ or ▼) and one
/// row per process. Numbers are right-aligned; watched processes carry `●` and their event
/// rate; processes that cannot be watched are dim and say why where their unknown numbers
/// would be; the selected row is highlighted.
struct PickerTableWidget {
    let state: PickerState
    let visible: [PickerRow]
    let layout: PickerView.Layout

    func draw(into screen: inout Screen) {
        drawHeadings(into: &screen)
        let list = layout.list
        guard !list.isEmpty else { return }
        if visible.isEmpty {
            let note = state.rows.isEmpty ? "reading /proc…"
                : "no process matches \"\(SafeText.escape(state.filter))\" (Esc clears the filter)"
            screen.put(TextFit.truncate(note, to: max(0, list.width - 2)), x: list.x + 2, y: list.y, role: .dim)
            return
        }
        for (offset, row) in visible.dropFirst(layout.scroll).prefix(list.height).enumerated() {
            drawRow(row, into: &screen, y: list.y + offset)
        }
    }

    private func drawHeadings(into screen: inout Screen) {
        let rect = layout.headings
        guard !rect.isEmpty else { return }
        screen.fill(rect, role: .header)
        for span in layout.columns {
            let sorted = span.column == state.sortColumn
            let title = span.column.title + (sorted ? (state.ascending ? "▲" : "▼") : "")
            screen.put(TextFit.pad(title, to: span.width, right: span.column.isRightAligned), x: span.x, y: rect.y,
                       role: sorted ? .headerValue : .header, bold: sorted, maxWidth: max(0, rect.maxX - span.x))
        }
    }

    private func drawRow(_ row: PickerRow, into screen: inout Screen, y: Int) {
        let width = layout.width
        let role: ThemeRole = row.refusal == nil ? .normal : .dim
        if row.isWatched { screen.put("●", x: 0, y: y, role: .title, bold: true) }

        // A row that cannot be watched shows its reason from its first unknown column: all the
        // numbers for a kernel thread (and for a zombie, whose sizes are gone), else the maps
        // count and the rate. A reason longer than those columns pushes the command right.
        let unknownFrom: PickerColumn? = row.refusal == nil ? nil
            : row.listing.isKernelThread || (row.listing.virtualSize == 0 && row.listing.residentSize == 0) ? .vsz : .maps
        // Where the command starts: its column, or after a reason that ran into it.
        var commandX = layout.columns.last(where: { $0.column == .command })?.x ?? width
        var reasonDrawn = false
        for span in layout.columns where span.column != .command {
            if let unknownFrom, let reason = row.refusal, span.column.order >= unknownFrom.order {
                if !reasonDrawn {
                    let used = screen.put(reason, x: span.x, y: y, role: .dim, maxWidth: max(0, width - span.x))
                    commandX = max(commandX, span.x + used + 2)
                    reasonDrawn = true
                }
                continue
            }
            screen.put(TextFit.pad(text(of: span.column, row), to: span.width, right: span.column.isRightAligned),
                       x: span.x, y: y, role: role, maxWidth: max(0, width - span.x))
        }
        if let reason = row.refusal, !reasonDrawn, commandX < width {
            // Every unknown column was dropped for width: the reason leads the command.
            commandX += screen.put(reason, x: commandX, y: y, role: .dim, maxWidth: width - commandX) + 2
        }
        if commandX < width {
            screen.put(TextFit.truncate(row.commandText, to: width - commandX), x: commandX, y: y, role: role,
                       maxWidth: width - commandX)
        }
        if row.pid == state.selectedPid {
            screen.restyle(Rect(x: 0, y: y, width: width, height: 1), role: .selection)
        }
    }

    /// A numeric or user cell's text.
    private func text(of column: PickerColumn, _ row: PickerRow) -> String {
        switch column {
        case .pid: "\(row.pid)"
        case .user: row.userText
        case .vsz: ByteFormatter.format(row.listing.virtualSize)
        case .rss: ByteFormatter.format(row.listing.residentSize)
        case .maps: row.listing.mappingCount.map { "\($0)" } ?? "-"
        case .rate: row.isWatched ? row.eventsPerSecond.map(DisplayFormat.rate) ?? "-" : ""
        case .command: row.commandText
        }
    }
}

extension PickerColumn {
    /// Position left to right, for "this column and those after it".
    fileprivate var order: Int { PickerColumn.allCases.firstIndex(of: self)! }
}
