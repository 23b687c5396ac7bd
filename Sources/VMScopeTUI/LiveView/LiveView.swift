import VMScopeCore

/// The whole live screen for one `LiveViewState` at one terminal size: header, convergence
/// row, address bar, heat strip, gap labels, convergence gauge, legend, region table and event log (side by side
/// from `sideBySideWidth` columns, stacked below), footer, and the help overlay on top.
///
/// Build one per frame, `render()` it, and keep `layout` to map mouse clicks and page sizes
/// back to regions and panels. Pure: no terminal, no clock.
public struct LiveView: Sendable {
    public static let minimumWidth = 60
    public static let minimumHeight = 16
    /// From this width the table and log sit side by side.
    public static let sideBySideWidth = 120

    public let state: LiveViewState
    public let layout: Layout

    /// `cache`: keeps the bar's geometry from frame to frame (the run loop holds one).
    public init(state: LiveViewState, width: Int, height: Int, cache: inout BarLayoutCache) {
        self.state = state
        layout = Layout(state: state, width: max(0, width), height: max(0, height), cache: &cache)
    }

    public init(state: LiveViewState, width: Int, height: Int) {
        var cache = BarLayoutCache()
        self.init(state: state, width: width, height: height, cache: &cache)
    }

    /// Convenience for one-off renders (tests, the first frame).
    public static func render(_ state: LiveViewState, width: Int, height: Int) -> Screen {
        LiveView(state: state, width: width, height: height).render()
    }

    public func render() -> Screen {
        var screen = Screen(width: layout.width, height: layout.height)
        if layout.isTooSmall {
            TooSmallNotice(width: layout.width, height: layout.height).draw(into: &screen)
            return screen
        }
        HeaderWidget(state: state).draw(into: &screen, in: layout.header)
        if let bar = layout.barLayout {
            let widget = AddressBarWidget(state: state, layout: bar)
            widget.drawConvergenceRow(into: &screen, x: layout.convergenceRow.x, y: layout.convergenceRow.y)
            widget.drawBar(into: &screen, in: layout.bar)
            HeatStripWidget(state: state, layout: bar).draw(into: &screen, x: layout.heatStrip.x, y: layout.heatStrip.y)
            widget.drawLabelRow(into: &screen, x: layout.gapLabels.x, y: layout.gapLabels.y, gapSearch: layout.gapSearch)
            if state.regions.isEmpty {
                // Say why the bar is empty rather than leave a dotted line to puzzle over.
                let note = state.readProblem.map { " " + SafeText.escape($0) + " " }
                    ?? " " + SafeText.escape(state.waitingFor ?? "no address space yet: waiting for the first /proc snapshot") + " "
                let text = TextFit.truncate(note, to: layout.bar.width)
                screen.put(text, x: layout.bar.x + (layout.bar.width - TextFit.columns(text)) / 2,
                           y: layout.bar.y + layout.bar.height / 2, role: state.readProblem == nil ? .dim : .error)
            }
        }
        ConvergenceGaugeWidget(state: state).draw(into: &screen, x: layout.gauge.x + 1, y: layout.gauge.y,
                                                  width: max(0, layout.gauge.width - 2))
        LegendWidget(state: state).draw(into: &screen, x: layout.legend.x, y: layout.legend.y, width: layout.legend.width)
        if let replay = state.replay { ReplayStripWidget(strip: replay).draw(into: &screen, in: layout.replayStrip) }
        if state.showSpaceSummary {
            SpaceSummaryWidget(state: state).draw(into: &screen, in: layout.spacePanel)
        } else {
            drawPanels(into: &screen)
        }
        FooterWidget(state: state).draw(into: &screen, x: layout.footer.x, y: layout.footer.y, width: layout.footer.width)
        if state.showHelp { (state.replay == nil ? HelpOverlay() : HelpOverlay.replay()).draw(into: &screen, in: screen.bounds) }
        return screen
    }

    /// The region table and the event log, side by side or stacked.
    private func drawPanels(into screen: inout Screen) {
        if state.showDiff {
            DiffPanelWidget(model: state.diff, focused: state.focus == .regions, firstRow: state.diffScroll)
                .draw(into: &screen, in: layout.regionTable)
        } else {
            RegionTableWidget(state: state, focused: state.focus == .regions, firstRow: layout.regionScroll)
                .draw(into: &screen, in: layout.regionTable)
        }
        EventLogWidget(state: state, focused: state.focus == .events, scroll: layout.eventScroll)
            .draw(into: &screen, in: layout.eventLog)
        if !layout.detailPane.isEmpty { DetailPaneWidget(state: state).draw(into: &screen, in: layout.detailPane) }
        if layout.isSideBySide {
            // A rule between the panels, joined to the title rules.
            let x = layout.regionTable.maxX
            for y in layout.regionTable.y..<layout.regionTable.maxY {
                screen[x, y] = Cell(y == layout.regionTable.y ? "┬" : "│", role: .border)
            }
        }
    }
}
