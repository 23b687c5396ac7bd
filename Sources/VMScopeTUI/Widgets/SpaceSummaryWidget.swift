import VMScopeCore

/// Where the space runs out, in the panels' place (`u`): the free space and how it is cut up,
/// the headroom under each limit, then what each region kind takes, largest first, as far as
/// the height allows. The words are `SpaceSummaryText`'s, the same as `layout`'s.
struct SpaceSummaryWidget {
    let state: LiveViewState

    func draw(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        screen.fill(rect)
        guard let summary = state.spaceSummary else {
            PanelTitle.draw(into: &screen, x: rect.x, y: rect.y, width: rect.width, title: "Where the space runs out",
                            status: "", focused: true)
            screen.put(" no address space yet", x: rect.x, y: rect.y + 1, role: .dim, maxWidth: rect.width)
            return
        }
        PanelTitle.draw(into: &screen, x: rect.x, y: rect.y, width: rect.width, title: "Where the space runs out",
                        status: ByteFormatter.format(summary.spaceLimit) + " address space · u: back", focused: true)
        var lines: [(String, ThemeRole)] = [(SpaceSummaryText.free(summary.free), .normal)]
        for (line, headroom) in zip(SpaceSummaryText.headroomLines(summary),
                                    [summary.addressSpace, summary.data, summary.regions]) {
            lines.append((line, Self.role(headroom)))
        }
        lines.append(("", .normal))
        let table = SpaceSummaryText.kindTable(summary)
        lines.append((table[0], .dim))
        for (row, usage) in zip(table.dropFirst(), summary.kinds) { lines.append((row, .region(usage.kind))) }

        let rows = rect.height - 1
        for (index, line) in lines.prefix(rows).enumerated() {
            let y = rect.y + 1 + index
            if index == rows - 1, lines.count > rows {
                let shownKinds = lines.prefix(index).filter { if case .region = $0.1 { true } else { false } }.count
                screen.put(" +\(summary.kinds.count - shownKinds) more kinds", x: rect.x, y: y, role: .dim, maxWidth: rect.width)
                break
            }
            if case .region = line.1 {
                // The kind's colour on its name only: the figures stay readable.
                let name = String(line.0.prefix(13)), figures = String(line.0.dropFirst(13))
                screen.put(" " + name, x: rect.x, y: y, role: line.1, maxWidth: rect.width)
                screen.put(figures, x: rect.x + 14, y: y, role: .normal, maxWidth: max(0, rect.width - 14))
            } else {
                screen.put(" " + TextFit.truncate(line.0, to: rect.width - 1), x: rect.x, y: y, role: line.1)
            }
        }
    }

    /// A limit with less than a tenth left is a warning, none left an error.
    static func role(_ headroom: SpaceSummary.Headroom) -> ThemeRole {
        guard let limit = headroom.limit, let left = headroom.left else { return .normal }
        if left == 0 { return .error }
        return left < limit / 10 ? .warning : .normal
    }
}
