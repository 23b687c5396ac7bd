import VMScopeCore

/// The whole process-picker screen for one `PickerState` at one terminal size: a title with
/// the counts, the filter line with its cursor, the process table (`PickerTableWidget`), the
/// footer from `PickerKeyBindings`, and the help on top when asked.
///
/// Build one per frame, `render()` it, and keep `layout` for mouse hit-tests and the page size.
/// Pure: no terminal, no clock. Any size draws without trapping; small ones show less.
public struct PickerView: Sendable {
    public let state: PickerState
    public let layout: Layout
    /// `state.visibleRows`, filtered and sorted once for this frame.
    let visible: [PickerRow]

    public init(state: PickerState, width: Int, height: Int) {
        self.state = state
        visible = state.visibleRows
        layout = Layout(visible: visible, selectedPid: state.selectedPid, scroll: state.scroll,
                        width: max(0, width), height: max(0, height))
    }

    /// Convenience for one-off renders (tests, the first frame).
    public static func render(_ state: PickerState, width: Int, height: Int) -> Screen {
        PickerView(state: state, width: width, height: height).render()
    }

    static let helpTitle = " vmscope — pick a process "
    static let helpClosing = "any key closes this help"

    public func render() -> Screen {
        var screen = Screen(width: layout.width, height: layout.height)
        drawTitle(into: &screen)
        drawFilterLine(into: &screen)
        PickerTableWidget(state: state, visible: visible, layout: layout).draw(into: &screen)
        PickerFooterWidget(message: state.message).draw(into: &screen, in: layout.footer)
        if state.showHelp {
            HelpOverlay(title: Self.helpTitle, closing: Self.helpClosing, rows: PickerKeyBindings.helpRows)
                .draw(into: &screen, in: screen.bounds)
        }
        return screen
    }

    /// "Pick a process to watch — 12 of 310 shown, 2 watched", and the sort on the right.
    private func drawTitle(into screen: inout Screen) {
        let rect = layout.title
        guard !rect.isEmpty else { return }
        var text = " Pick a process to watch — \(visible.count) of \(state.rows.count) shown"
        let watched = state.watchedCount
        if watched > 0 { text += ", \(watched) watched" }
        let used = screen.put(TextFit.truncate(text, to: rect.width), x: rect.x, y: rect.y, role: .title, bold: true)
        let sort = "sorted by \(state.sortColumn.title) \(state.ascending ? "▲" : "▼") "
        let sortWidth = TextFit.columns(sort)
        if used + 2 + sortWidth <= rect.width {
            screen.put(sort, x: rect.maxX - sortWidth, y: rect.y, role: .dim)
        }
    }

    /// "Filter: text█", the tail of a filter too long to show whole, and a hint saying what
    /// the filter does.
    private func drawFilterLine(into screen: inout Screen) {
        let rect = layout.filterLine
        guard !rect.isEmpty else { return }
        let label = " Filter: "
        var x = rect.x + screen.put(label, x: rect.x, y: rect.y, role: .dim, maxWidth: rect.width)
        // Keep one column for the cursor.
        let room = rect.maxX - x - 1
        guard room > 0 else { return }
        let text = Self.tail(SafeText.escape(state.filter), width: room)
        x += screen.put(text, x: x, y: rect.y, role: .normal, bold: true, maxWidth: room)
        screen[x, rect.y] = Cell(" ", role: .normal, reverse: true)
        x += 2
        let hint = state.filter.isEmpty ? "type a name or a pid"
            : state.filter.allSatisfy({ ("0"..."9").contains($0) }) ? "(pid prefix)" : ""
        if !hint.isEmpty, x + TextFit.columns(hint) <= rect.maxX {
            screen.put(hint, x: x, y: rect.y, role: .dim)
        }
    }

    /// The last `width` columns of `text`, starting with `…` when the start was cut.
    static func tail(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if TextFit.columns(text) <= width { return text }
        var kept: [Character] = []
        var used = 1
        for character in text.reversed() {
            let w = max(1, Screen.columns(of: character))
            if used + w > width { break }
            kept.append(character)
            used += w
        }
        return "…" + String(kept.reversed())
    }
}
