import VMScopeCore

/// The kernel's search for room drawn on the bar's label row: the window bracketed `├───┤`,
/// `▲` where the mapping landed or `✕` at the end a failed search started from, and a few words
/// on what it looked for inside the bracket. Drawn in three passes around the row's other
/// marks (`AddressBarWidget.drawLabelRow` decides the order); `taken` tracks the columns used.
struct GapSearchBracket {
    let onBar: GapSearchOnBar
    /// The window's columns on this bar.
    let window: Range<Int>

    init(_ onBar: GapSearchOnBar, width: Int) {
        self.onBar = onBar
        window = onBar.columns.clamped(to: 0..<max(0, width))
    }

    private var role: ThemeRole { onBar.search.failed ? .gapSearchFailed : .gapSearch }

    /// The ends and the mark: they say where, so nothing covers them.
    func drawEnds(into screen: inout Screen, x: Int, y: Int, taken: inout [Bool]) {
        guard !window.isEmpty else { return }
        if window.count >= 2 {
            for (column, glyph) in [(window.lowerBound, "├"), (window.upperBound - 1, "┤")] as [(Int, Character)] {
                screen[x + column, y] = Cell(glyph, role: .gapSearch, bold: true)
                taken[column] = true
            }
        }
        if let mark = onBar.markColumn, window.contains(mark) {
            screen[x + mark, y] = Cell(onBar.search.failed ? "✕" : "▲", role: role, bold: true)
            taken[mark] = true
        }
    }

    /// The words in the free run of the bracket nearest its middle; the direction alone when
    /// they do not fit, nothing when that does not either.
    func drawCaption(into screen: inout Screen, x: Int, y: Int, taken: inout [Bool]) {
        guard window.count > 4 else { return }
        let inside = (window.lowerBound + 1)..<(window.upperBound - 1)
        let centre = (window.lowerBound + window.upperBound) / 2
        for text in [Self.caption(onBar.search), EventDescriber.directionName(onBar.search.direction)] {
            let padded = " " + text + " "
            let length = TextFit.columns(padded)
            guard length <= inside.count else { continue }
            let starts = (inside.lowerBound...(inside.upperBound - length))
                .sorted { abs($0 + length / 2 - centre) < abs($1 + length / 2 - centre) }
            guard let start = starts.first(where: { !taken[$0..<($0 + length)].contains(true) }) else { continue }
            // Bold for the selected line's search: the one the user asked about.
            screen.put(padded, x: x + start, y: y, role: role, bold: onBar.isSelected)
            for column in start..<(start + length) { taken[column] = true }
            return
        }
    }

    /// The bracket's rule under whatever the row's labels left free.
    func drawRule(into screen: inout Screen, x: Int, y: Int, taken: [Bool]) {
        for column in window where !taken[column] { screen[x + column, y] = Cell("─", role: .gapSearch) }
    }

    /// What a search looked for, short enough for its bracket: a failure's headline as the log
    /// gives it (`no gap of 100 MiB: fragmentation`), else the direction and the length
    /// (`top-down search, 4.0 KiB`).
    static func caption(_ search: GapSearch) -> String {
        search.failed
            ? EventDescriber.describeBriefly(search)
            : EventDescriber.directionName(search.direction) + " search, " + ByteFormatter.format(search.length)
    }
}
