import VMScopeCore

extension LiveView {
    /// Where everything goes on a screen of a given size, plus what is needed to turn a mouse
    /// position back into a region or panel. All rectangles are empty when `isTooSmall`.
    public struct Layout: Sendable, Hashable {
        public let width: Int
        public let height: Int
        public let isTooSmall: Bool
        /// Table and log side by side (wide terminals) rather than stacked.
        public let isSideBySide: Bool
        public let header: Rect
        /// Heap/mmap markers, gap size and trend, the scale.
        public let convergenceRow: Rect
        /// The bar rows (1–3 depending on height).
        public let bar: Rect
        public let heatStrip: Rect
        /// Gap sizes and the selection marks.
        public let gapLabels: Rect
        /// The convergence gauge: heap and mmap area facing each other across the gap.
        public let gauge: Rect
        public let legend: Rect
        /// The replay's status and timeline rows (empty outside a replay).
        public let replayStrip: Rect
        public let regionTable: Rect
        public let eventLog: Rect
        /// Where the space summary goes when shown: the table's and the log's place.
        public let spacePanel: Rect
        public let footer: Rect
        /// The detail pane when shown: in place of the panel without focus (empty otherwise).
        public let detailPane: Rect
        /// The bar geometry drawn this frame (nil when too small).
        public let barLayout: AddressBarLayout?
        /// The table's first visible region after keeping the selection in view. The run loop
        /// should store it back into `regionScroll` so scrolling continues from what is shown.
        public let regionScroll: Int
        /// The event log's scroll after keeping the selected line in view; the run loop stores
        /// it back into `eventScroll` like `regionScroll`.
        public let eventScroll: Int
        /// The gap search drawn under the bar and its columns (nil: none, or off the bar).
        public let gapSearch: GapSearchOnBar?
        /// The serials of the log lines shown, top to bottom (the log is bottom-aligned), so a
        /// click selects the line under it.
        let eventRowSerials: [Int]
        let regionCount: Int
        /// The space summary covers the panels: clicks there select nothing.
        let showsSpacePanel: Bool
        /// The diff covers the region table: clicks there select no region.
        let showsDiffPanel: Bool

        /// Data rows the region table shows: the page size for PgUp/PgDn.
        public var regionTableRows: Int { max(0, regionTable.height - RegionTableWidget.chromeRows) }
        /// Lines the event log shows.
        public var eventLogRows: Int { max(0, eventLog.height - 1) }

        init(state: LiveViewState, width: Int, height: Int, cache: inout BarLayoutCache) {
            self.width = width
            self.height = height
            isTooSmall = width < LiveView.minimumWidth || height < LiveView.minimumHeight
            guard !isTooSmall else {
                let none = Rect(x: 0, y: 0, width: 0, height: 0)
                isSideBySide = false
                header = none; convergenceRow = none; bar = none; heatStrip = none; gapLabels = none; gauge = none
                legend = none; replayStrip = none; regionTable = none; eventLog = none; footer = none; spacePanel = none; detailPane = none
                barLayout = nil
                regionScroll = 0
                eventScroll = state.eventScroll
                gapSearch = nil
                eventRowSerials = []
                regionCount = state.regions.count
                showsSpacePanel = false
                showsDiffPanel = false
                return
            }
            // The bar grows to three rows when there is height to spare for it; the panels
            // keep at least four rows each when stacked.
            let barRows = height >= 32 ? 3 : height >= 22 ? 2 : 1
            header = Rect(x: 0, y: 0, width: width, height: HeaderWidget.height(for: state))
            convergenceRow = Rect(x: 0, y: header.maxY, width: width, height: 1)
            bar = Rect(x: 0, y: convergenceRow.maxY, width: width, height: barRows)
            heatStrip = Rect(x: 0, y: bar.maxY, width: width, height: 1)
            gapLabels = Rect(x: 0, y: heatStrip.maxY, width: width, height: 1)
            gauge = Rect(x: 0, y: gapLabels.maxY, width: width, height: 1)
            legend = Rect(x: 0, y: gauge.maxY, width: width, height: 1)
            footer = Rect(x: 0, y: height - 1, width: width, height: 1)
            replayStrip = Rect(x: 0, y: legend.maxY, width: width, height: state.replay == nil ? 0 : ReplayStripWidget.height)
            let panelsTop = replayStrip.maxY
            let panelsHeight = footer.y - panelsTop
            spacePanel = Rect(x: 0, y: panelsTop, width: width, height: panelsHeight)
            isSideBySide = width >= LiveView.sideBySideWidth
            if isSideBySide {
                let tableWidth = width * 11 / 20
                regionTable = Rect(x: 0, y: panelsTop, width: tableWidth, height: panelsHeight)
                eventLog = Rect(x: tableWidth + 1, y: panelsTop, width: width - tableWidth - 1, height: panelsHeight)
            } else {
                // With the detail pane up, the focused panel keeps a third and the pane, which
                // covers the other one, gets the rest.
                let focusedShare = max(3, panelsHeight / 3)
                let tableHeight = !state.showDetail || state.showSpaceSummary ? max(3, (panelsHeight * 11 + 10) / 20)
                    : state.focus == .regions ? focusedShare : max(3, panelsHeight - focusedShare)
                regionTable = Rect(x: 0, y: panelsTop, width: width, height: tableHeight)
                eventLog = Rect(x: 0, y: regionTable.maxY, width: width, height: panelsHeight - tableHeight)
            }
            detailPane = !state.showDetail || state.showSpaceSummary ? Rect(x: 0, y: panelsTop, width: 0, height: 0)
                : state.focus == .regions ? eventLog : regionTable
            let barLayout = cache.layout(for: state, width: width)
            self.barLayout = barLayout
            gapSearch = GapSearchOnBar.chosen(for: state).flatMap {
                GapSearchOnBar($0.search, isSelected: $0.isSelected, on: barLayout.columns)
            }
            let eventScroll = EventSelection.scroll(state.eventScroll, keeping: state.selectedEvent, in: state.events,
                                                    hidden: state.hiddenCategories, rows: max(0, eventLog.height - 1))
            self.eventScroll = eventScroll
            eventRowSerials = state.showSpaceSummary ? [] : EventLogWidget(state: state, focused: false, scroll: eventScroll)
                .visibleEntries(rows: max(0, eventLog.height - 1)).entries.map(\.serial)
            regionCount = state.regions.count
            showsSpacePanel = state.showSpaceSummary
            showsDiffPanel = state.showDiff
            regionScroll = RegionTableWidget.effectiveScroll(
                selected: state.selectedRegion, scroll: state.regionScroll, count: state.regions.count,
                rows: max(0, regionTable.height - RegionTableWidget.chromeRows))
        }

        /// The region shown (dominant) in the bar column under screen column `x`; nil for
        /// unmapped space, gap breaks and positions off the bar.
        public func regionIndex(atBarColumn x: Int) -> Int? {
            guard let columns = barLayout?.columns, x >= bar.x, x - bar.x < columns.count else { return nil }
            // A break or unmapped column can carry the index of a region that merely touches it.
            guard case .region = columns[x - bar.x].fill else { return nil }
            return columns[x - bar.x].regionIndex
        }

        /// The region on the table row at screen row `y`; nil for the title, the headings and
        /// rows past the end.
        public func regionRow(atY y: Int) -> Int? {
            if showsSpacePanel || showsDiffPanel { return nil }
            let first = regionTable.y + RegionTableWidget.chromeRows
            guard y >= first, y < regionTable.maxY else { return nil }
            let index = regionScroll + (y - first)
            return index < regionCount ? index : nil
        }

        /// The serial of the log line at screen row `y`; nil off the log's lines.
        public func eventSerial(atY y: Int) -> Int? {
            let top = eventLog.maxY - eventRowSerials.count
            guard y >= top, y < eventLog.maxY else { return nil }
            return eventRowSerials[y - top]
        }

        /// The focusable panel at a screen position (for click-to-focus).
        public func panel(atX x: Int, y: Int) -> LiveViewState.Panel? {
            if showsSpacePanel || detailPane.contains(x: x, y: y) { return nil }
            if regionTable.contains(x: x, y: y) { return .regions }
            if eventLog.contains(x: x, y: y) { return .events }
            return nil
        }

        /// Whether a screen position is on the bar or its annotation rows (clicks there select
        /// the region under the column).
        public func isOnBar(x: Int, y: Int) -> Bool {
            x >= 0 && x < width && y >= convergenceRow.y && y < gapLabels.maxY && !isTooSmall
        }
    }
}
