import VMScopeCore

/// What changed since the mark (`d`), in the region table's place: a title with the mark's
/// time, the per-kind totals that differ on one line, then a row per change (what, where, kind,
/// size delta, RSS delta when wide enough, and its path or first cause), scrolled from
/// `firstRow`. Draws `DiffViewModel` as it is; no policy here.
struct DiffPanelWidget {
    let model: DiffViewModel?
    let focused: Bool
    let firstRow: Int

    /// Title, totals, headings.
    static let chromeRows = 3
    /// From this width the RSS delta has a column.
    static let rssColumnWidth = 84

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
        PanelTitle.draw(into: &screen, x: rect.x, y: rect.y, width: rect.width, title: "Diff " + model.title,
                        status: "\(count) change" + (count == 1 ? "" : "s") + " · d: back", focused: focused)
        guard rect.height > 1 else { return }
        drawTotals(model, into: &screen, x: rect.x, y: rect.y + 1, width: rect.width)
        guard rect.height > 2 else { return }
        let showsRSS = rect.width >= Self.rssColumnWidth
        screen.put(Self.line(change: "CHANGE", address: "ADDRESS", kind: "KIND", delta: "SIZE Δ",
                             rss: showsRSS ? "RSS Δ" : nil, last: "PATH / CAUSE"),
                   x: rect.x, y: rect.y + 2, role: .dim, maxWidth: rect.width)
        let rows = rect.height - Self.chromeRows
        guard rows > 0 else { return }
        if model.rows.isEmpty {
            screen.put(" no change since the mark", x: rect.x, y: rect.y + 3, role: .dim, maxWidth: rect.width)
            return
        }
        let first = Self.effectiveScroll(firstRow, count: count, rows: rows)
        for (offset, row) in model.rows.dropFirst(first).prefix(rows).enumerated() {
            let y = rect.y + Self.chromeRows + offset
            let last = [row.path, row.cause ?? ""].filter { !$0.isEmpty }.joined(separator: " ← ")
            let text = Self.line(change: row.change, address: AddressFormatter.format(row.address),
                                 kind: row.regionKind.label, delta: ByteFormatter.format(delta: row.sizeDelta),
                                 rss: showsRSS ? row.rssDelta.map { ByteFormatter.format(delta: $0) } ?? "-" : nil,
                                 last: last)
            screen.put(TextFit.truncate(text, to: rect.width), x: rect.x, y: y, role: Self.role(row.kinds))
            // The kind's colour on its name, as in the region table.
            screen.put(TextFit.pad(row.regionKind.label, to: 12), x: rect.x + 30, y: y, role: .region(row.regionKind),
                       maxWidth: max(0, rect.width - 30))
        }
        if count > first + rows {
            let more = " +\(count - first - rows) more "
            screen.put(more, x: rect.maxX - TextFit.columns(more), y: rect.maxY - 1, role: .dim)
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

    /// `change(13) address(15) kind(13) delta(10) [rss(10)] last`, one space between.
    static func line(change: String, address: String, kind: String, delta: String, rss: String?,
                     last: String) -> String {
        var text = " " + TextFit.pad(TextFit.truncate(change, to: 13), to: 13) + " " + TextFit.pad(address, to: 15)
        text += TextFit.pad(kind, to: 12) + " " + TextFit.pad(delta, to: 10, right: true)
        if let rss { text += " " + TextFit.pad(rss, to: 10, right: true) }
        return text + "  " + last
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
