import VMScopeCore

/// The kernel's search for room that the bar shows under itself, and where: the window's
/// columns, the column where the mapping landed or, for a failed search, the column the search
/// started from (the window's top for a top-down search, its bottom for a bottom-up one),
/// where the `✕` goes.
///
/// Which search: the selected log line's, when a line is selected (its latest, for a folded
/// line; none when it made no search, since the user asked about that line); else the most
/// recent one (`RecentGapSearch`). Columns come from the bar's own geometry, so the window
/// lines up with the regions on every scale.
public struct GapSearchOnBar: Sendable, Hashable {
    public var search: GapSearch
    /// From the selected log line (rather than the latest search).
    public var isSelected: Bool
    /// The bar columns showing any part of the window.
    public var columns: Range<Int>
    /// Where the mapping landed, or the failed search's starting end; nil when off the bar.
    public var markColumn: Int?

    /// The search to show for `state`, nil for none.
    public static func chosen(for state: LiveViewState) -> (search: GapSearch, isSelected: Bool)? {
        if state.selectedEvent != nil {
            guard let search = EventSelection.entry(state.selectedEvent, in: state.events)?.gapSearches.last else {
                return nil
            }
            return (search, true)
        }
        return state.recentGapSearch.map { ($0, false) }
    }

    /// `search` on a bar laid out as `columns`; nil when its window is off the bar (a linear
    /// window zoomed elsewhere).
    public init?(_ search: GapSearch, isSelected: Bool, on columns: [BarColumn]) {
        let span = BarGeometry.columns(covering: search.window, in: columns)
        guard !span.isEmpty else { return nil }
        self.search = search
        self.isSelected = isSelected
        self.columns = span
        if let result = search.result {
            let column = BarGeometry.firstColumn(endingAbove: result, in: columns)
            markColumn = column < columns.count && columns[column].addresses.lowerBound <= result ? column : nil
        } else {
            markColumn = search.direction == .topDown ? span.upperBound - 1 : span.lowerBound
        }
    }
}
