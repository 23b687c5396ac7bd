extension PickerView {
    /// Where the picker's parts go on a screen of a given size, and what is needed to turn a
    /// mouse position back into a column heading or a process. Rows that do not fit are empty
    /// rectangles: below 6 rows the title goes, below 4 the footer, below 3 the headings.
    public struct Layout: Sendable, Hashable {
        /// A column drawn on this screen: from `x`, `width` columns (the command column runs to
        /// the right edge).
        public struct ColumnSpan: Sendable, Hashable {
            public let column: PickerColumn
            public let x: Int
            public let width: Int
        }

        public let width: Int
        public let height: Int
        public let title: Rect
        public let filterLine: Rect
        public let headings: Rect
        public let list: Rect
        public let footer: Rect
        /// The columns that fit, left to right. Narrow screens drop VSZ, then MAPS, EV/S, USER
        /// and RSS, so the command keeps at least `minimumCommandWidth` columns.
        public let columns: [ColumnSpan]
        /// The first visible row after keeping the selection in view.
        public let scroll: Int
        /// The pids on the list rows, top to bottom.
        let rowPids: [Int32]

        /// Columns the watched-process mark (`●`) and its space take before the pid.
        static let markerWidth = 2
        static let minimumCommandWidth = 12

        /// List rows on screen: the page size for PgUp/PgDn.
        public var listRows: Int { list.height }

        init(visible: [PickerRow], selectedPid: Int32?, scroll requested: Int, width: Int, height: Int) {
            self.width = width
            self.height = height
            let none = Rect(x: 0, y: 0, width: 0, height: 0)
            var y = 0
            func line(if shown: Bool) -> Rect {
                guard shown else { return none }
                defer { y += 1 }
                return Rect(x: 0, y: y, width: width, height: 1)
            }
            title = line(if: height >= 6)
            filterLine = line(if: height >= 1)
            headings = line(if: height >= 3)
            footer = height >= 4 ? Rect(x: 0, y: height - 1, width: width, height: 1) : none
            list = Rect(x: 0, y: y, width: width, height: max(0, (footer.isEmpty ? height : footer.y) - y))
            columns = Self.fit(width: width)

            let selected = selectedPid.flatMap { pid in visible.firstIndex { $0.pid == pid } } ?? -1
            scroll = RegionTableWidget.effectiveScroll(selected: selected, scroll: requested, count: visible.count,
                                                       rows: list.height)
            rowPids = visible.dropFirst(scroll).prefix(list.height).map(\.pid)
        }

        /// The column whose heading is at (`x`, `y`); nil off the heading row.
        public func column(atX x: Int, y: Int) -> PickerColumn? {
            guard !headings.isEmpty, y == headings.y else { return nil }
            // The space after a heading belongs to it, so no click between headings is lost.
            return columns.first { x >= $0.x && x <= $0.x + $0.width }?.column
        }

        /// The process on the list row at screen row `y`; nil off the list or past its end.
        public func pid(atY y: Int) -> Int32? {
            guard y >= list.y, y < list.maxY, y - list.y < rowPids.count else { return nil }
            return rowPids[y - list.y]
        }

        /// The widest set of columns that leaves the command its minimum.
        static func fit(width: Int) -> [ColumnSpan] {
            var shown = Set(PickerColumn.allCases)
            func fixedWidth() -> Int { markerWidth + shown.reduce(0) { $0 + ($1.width.map { $0 + 1 } ?? 0) } }
            for column in [PickerColumn.vsz, .maps, .rate, .user, .rss] where fixedWidth() + minimumCommandWidth > width {
                shown.remove(column)
            }
            var x = markerWidth
            var spans: [ColumnSpan] = []
            for column in PickerColumn.allCases where shown.contains(column) {
                let columnWidth = column.width ?? max(0, width - x)
                spans.append(ColumnSpan(column: column, x: x, width: columnWidth))
                x += columnWidth + 1
            }
            return spans
        }
    }
}
