import VMScopeCore

/// What changed since the mark (`d`), in the region table's place: a title with the mark's
/// time, the per-kind totals that differ on one line, then a row per change (what, where, kind,
/// size delta, RSS delta when wide enough, and its path or first cause), scrolled from
/// `firstRow`, and why causes may be missing on the last line. Draws `DiffViewModel` as it is.
struct DiffPanelWidget {
    let model: DiffViewModel?
    let focused: Bool
    let firstRow: Int

    func draw(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        screen.fill(rect)
        guard let model else {
            PanelTitle.draw(into: &screen, x: rect.x, y: rect.y, width: rect.width, title: "Diff",
                            status: "d: back", focused: focused)
            screen.put(" no mark on this process: m sets one", x: rect.x, y: rect.y + 1, role: .dim,
                       maxWidth: rect.width)
            return
        }
        let count = model.rows.count
        // Under the title and totals; on a short panel the changes come before the headings
        // and the note.
        let available = max(0, rect.height - 2)
        let showsHeadings = available >= 3
        let showsNote = model.note != nil && available - (showsHeadings ? 1 : 0) >= 3
        let rows = available - (showsHeadings ? 1 : 0) - (showsNote ? 1 : 0)
        let top = rect.y + 2 + (showsHeadings ? 1 : 0)
        let first = Self.effectiveScroll(firstRow, count: count, rows: rows)
        var status = "\(count) change" + (count == 1 ? "" : "s")
        if count > rows, rows > 0 { status = "\(first + 1)-\(min(count, first + rows)) of \(count) changes" }
        PanelTitle.draw(into: &screen, x: rect.x, y: rect.y, width: rect.width, title: "Diff " + model.title,
                        status: status + " · d: back", focused: focused)
        guard rect.height > 1 else { return }
        drawTotals(model, into: &screen, x: rect.x, y: rect.y + 1, width: rect.width)
        let columns = Columns(width: rect.width)
        if showsHeadings {
            screen.put(columns.line(change: "CHANGE", address: "ADDRESS", kind: "KIND", delta: "SIZE +-", rss: "RSS +-",
                                last: "PATH / CAUSE"),
                       x: rect.x, y: rect.y + 2, role: .dim, maxWidth: rect.width)
        }
        if showsNote, let note = model.note {
            screen.put(TextFit.truncate(" " + note, to: rect.width), x: rect.x, y: rect.maxY - 1, role: .warning)
        }
        guard rows > 0 else { return }
        if model.rows.isEmpty {
            screen.put(" no change since the mark", x: rect.x, y: top, role: .dim, maxWidth: rect.width)
            return
        }
        for (offset, row) in model.rows.dropFirst(first).prefix(rows).enumerated() {
            let y = top + offset
            let last = [row.path, row.cause ?? ""].filter { !$0.isEmpty }.joined(separator: " ← ")
            let text = columns.line(change: row.change, address: AddressFormatter.format(row.address),
                                    kind: row.regionKind.label, delta: ByteFormatter.format(delta: row.sizeDelta),
                                    rss: row.rssDelta.map { ByteFormatter.format(delta: $0) } ?? "-", last: last)
            screen.put(TextFit.truncate(text, to: rect.width), x: rect.x, y: y, role: Self.role(row.kinds))
            // The kind's colour on its name, as in the region table.
            screen.put(TextFit.pad(row.regionKind.label, to: Columns.kindWidth), x: rect.x + columns.kindX, y: y,
                       role: .region(row.regionKind), maxWidth: max(0, rect.width - columns.kindX))
        }
    }

    /// Which columns fit: the address from 72 columns, the RSS delta from 90; the change, the
    /// kind and the size delta always.
    struct Columns {
        static let changeWidth = 16
        static let kindWidth = 12
        let showsAddress: Bool
        let showsRSS: Bool

        init(width: Int) {
            showsAddress = width >= 72
            showsRSS = width >= 90
        }

        /// Where the kind column starts.
        var kindX: Int { 1 + Self.changeWidth + 1 + (showsAddress ? 15 : 0) }

        func line(change: String, address: String, kind: String, delta: String, rss: String, last: String) -> String {
            var text = " " + TextFit.pad(change, to: Self.changeWidth) + " "
            if showsAddress { text += TextFit.pad(address, to: 15) }
            text += TextFit.pad(kind, to: Self.kindWidth) + " " + TextFit.pad(delta, to: 9, right: true)
            if showsRSS { text += " " + TextFit.pad(rss, to: 9, right: true) }
            return text + "  " + last
        }
    }

    private func drawTotals(_ model: DiffViewModel, into screen: inout Screen, x: Int, y: Int, width: Int) {
        var parts = model.totals.map { total in
            var text = (total.kind?.label ?? "all") + " " + ByteFormatter.format(delta: total.sizeDelta)
            if let rss = total.rssDelta, rss != 0 { text += " (RSS " + ByteFormatter.format(delta: rss) + ")" }
            return text
        }
        if parts.isEmpty { parts = ["totals unchanged"] }
        var line = " " + parts.joined(separator: " · ")
        if let note = model.note { line += " · " + note }
        screen.put(TextFit.truncate(line, to: width), x: x, y: y,
                   role: model.note == nil ? .normal : .warning, maxWidth: width)
    }

    /// Additions read as growth, removals dimmed: the eye finds what arrived first.
    static func role(_ kinds: RegionChangeKinds) -> ThemeRole {
        if kinds.contains(.removed) { return .dim }
        if kinds.contains(.added) { return .headerValue }
        return .normal
    }

    /// The first row shown: the requested one, kept so the last page is full.
    static func effectiveScroll(_ requested: Int, count: Int, rows: Int) -> Int {
        max(0, min(requested, count - rows))
    }
}
