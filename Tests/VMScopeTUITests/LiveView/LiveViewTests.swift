import Testing
import VMScopeCore
@testable import VMScopeTUI

/// Properties of the live view that must hold whatever the snapshots say.
@Suite struct LiveViewTests {
    @Test func selectedRegionIsMarkedUnderItsColumns() throws {
        for selected in [SampleStates.heapIndex, SampleStates.anonIndex, 8] {
            var state = SampleStates.demo()
            state.selectedRegion = selected
            let view = LiveView(state: state, width: 100, height: 30)
            let screen = view.render()
            let columns = try #require(view.layout.barLayout).columns
            let dominant = columns.indices.filter { columns[$0].regionIndex == selected && columns[$0].fill == .region(state.regions[selected].kind) }
            #expect(!dominant.isEmpty)
            for x in dominant {
                #expect(screen[x, view.layout.gapLabels.y].character == "^", "column \(x) of region \(selected)")
                #expect(screen[x, view.layout.gapLabels.y].role == .selection)
                #expect(screen[x, view.layout.bar.y].bold)
            }
            // Columns far from the selection are not marked.
            let marked = (0..<100).filter { screen[$0, view.layout.gapLabels.y].character == "^" }
            #expect(marked.allSatisfy { x in columns[x].addresses.overlaps(state.regions[selected].start..<state.regions[selected].end) })
        }
    }

    @Test func headerShowsExitStatusAsWarning() {
        let screen = LiveView.render(SampleStates.exited(), width: 120, height: 24)
        let header = screen.text().split(separator: "\n")[0]
        #expect(header.contains("killed by SIGKILL"))
        let x = Array(String(header)).firstIndex(of: "k")!
        #expect(screen[x, 0].role == .warning)
        // Lost events and the source note are warnings too.
        let second = String(screen.text().split(separator: "\n")[1])
        #expect(second.contains("lost 17"))
        #expect(second.contains("CAP_BPF missing"))
    }

    @Test func exitCodeZeroReadsExited0() {
        var state = SampleStates.demo()
        state.exitStatus = 0
        #expect(LiveView.render(state, width: 100, height: 24).text().split(separator: "\n")[0].contains("exited 0"))
    }

    @Test(arguments: [ScaleMode.compressed, .logarithmic, .linear(window: 0x5555_5555_4000...0x5555_555c_3fff)])
    func barCellRolesMatchRegionKinds(mode: ScaleMode) throws {
        var state = SampleStates.demo()
        state.scale = mode
        let view = LiveView(state: state, width: 120, height: 30)
        let screen = view.render()
        let columns = try #require(view.layout.barLayout).columns
        var heapColumns = 0
        for (x, column) in columns.enumerated() {
            for y in view.layout.bar.y..<view.layout.bar.maxY {
                switch column.fill {
                case .region(let kind): #expect(screen[x, y].role == .region(kind))
                case .unmapped: #expect(screen[x, y].role == .unmapped)
                case .gapBreak: #expect(screen[x, y].role == .gapBreak)
                }
            }
            if column.regionIndex == SampleStates.heapIndex, column.fill == .region(.heap) {
                heapColumns += 1
                #expect(screen[x, view.layout.bar.y].character == "█")
            }
        }
        #expect(heapColumns > 0)
    }

    @Test func heapAndMmapMarkersFlankTheGap() throws {
        let view = LiveView(state: SampleStates.demo(), width: 100, height: 30)
        let screen = view.render()
        let gaps = view.layout.barLayout?.gapLabels ?? []
        let gap = try #require(gaps.first { $0.isHeapMmapGap })
        let row = view.layout.convergenceRow.y
        let bar = try #require(view.layout.barLayout)
        let heapTop = try #require(bar.column(containing: gap.addresses.lowerBound - 1))
        let mmapBottom = try #require(bar.column(containing: gap.addresses.upperBound))
        #expect(heapTop < gap.columns.upperBound && mmapBottom >= gap.columns.upperBound)
        #expect(screen[heapTop, row].character == "▶")
        #expect(screen[heapTop, row].role == .heapMarker)
        #expect(screen[mmapBottom, row].character == "◀")
        #expect(screen[mmapBottom, row].role == .mmapMarker)
        let text = screen.text().split(separator: "\n", omittingEmptySubsequences: false)[row]
        #expect(text.contains("closing 1.2 MiB/s"))
    }

    @Test func aMarkerWithoutRoomForItsNameLeavesTheNamesToTheGapWords() throws {
        // Zoomed so the heap's top is the bar's first column: "heap▶" cannot fit left of it.
        var state = SampleStates.demo()
        state.scale = .linear(window: 0x5555_555b_b000...0x7fff_f7d6_ffff)
        let view = LiveView(state: state, width: 100, height: 30)
        let screen = view.render()
        let bar = try #require(view.layout.barLayout)
        let gap = try #require(bar.gapLabels.first { $0.isHeapMmapGap })
        let heapTop = try #require(bar.column(containing: gap.addresses.lowerBound - 1))
        let row = view.layout.convergenceRow.y
        #expect(heapTop < 4)
        #expect(screen[heapTop, row].character == "▶" && screen[heapTop, row].role == .heapMarker)
        let text = screen.text().split(separator: "\n", omittingEmptySubsequences: false)[row]
        #expect(!text.contains("heap▶"))
        #expect(text.contains("heap↔mmap "), "the gap is not named:\n\(text)")
        // With room for both names the gap's words do not repeat them.
        let wide = LiveView(state: SampleStates.demo(), width: 100, height: 30)
        let wideText = wide.render().text().split(separator: "\n", omittingEmptySubsequences: false)[wide.layout.convergenceRow.y]
        #expect(wideText.contains("heap▶") && !wideText.contains("heap↔mmap"))
    }

    @Test func gapTrendWords() {
        #expect(AddressBarWidget.gapDescription(size: nil, bytesPerSecond: 0) == "steady")
        #expect(AddressBarWidget.gapDescription(size: nil, bytesPerSecond: 4096) == "opening 4.0 KiB/s")
        #expect(AddressBarWidget.gapDescription(size: 1 << 30, bytesPerSecond: -2048) == "1.0 GiB gap, closing 2.0 KiB/s")
        #expect(AddressBarWidget.gapDescription(size: nil, bytesPerSecond: .nan) == "steady")
    }

    @Test func controlCharactersInPathsAreEscapedInTheTable() {
        var state = SampleStates.demo()
        state.regions[0].pathname = "/tmp/evil\u{1b}[2J\nname\u{7}"
        state.selectedRegion = 0
        let screen = LiveView.render(state, width: 100, height: 40)
        #expect(screen.text().contains("/tmp/evil\\e[2J\\nname\\x07"))
        for cell in screen.cells where cell != .continuation {
            let scalar = cell.character.unicodeScalars.first!.value
            #expect(scalar >= 0x20 && !(0x7F..<0xA0).contains(scalar), "control character reached the screen")
        }
    }

    /// Every size from nothing to very wide, with 65 000 regions: rendering never traps, the
    /// screen has exactly the size asked for, no line is wider than it, and every panel
    /// rectangle lies inside it.
    @Test func nothingIsDrawnOutsideTheScreen() {
        let huge = SampleStates.huge()
        var demo = SampleStates.demo()
        demo.showHelp = true
        let sizes = [(0, 0), (1, 1), (0, 10), (10, 0), (20, 5), (59, 16), (60, 15), (60, 16), (61, 17), (119, 30),
                     (120, 30), (200, 50), (400, 120)]
        for state in [huge, demo] {
            for (width, height) in sizes {
                let view = LiveView(state: state, width: width, height: height)
                let screen = view.render()
                #expect(screen.width == width && screen.height == height)
                #expect(screen.cells.count == width * height)
                for line in screen.text().split(separator: "\n") {
                    #expect(TextFit.columns(line) <= width, "\(width)×\(height): \(line)")
                }
                let layout = view.layout
                for rect in [layout.header, layout.convergenceRow, layout.bar, layout.heatStrip, layout.gapLabels,
                             layout.legend, layout.regionTable, layout.eventLog, layout.footer] where !rect.isEmpty {
                    #expect(rect.x >= 0 && rect.y >= 0 && rect.maxX <= width && rect.maxY <= height, "\(rect) in \(width)×\(height)")
                }
            }
        }
    }

    @Test(arguments: [20, 59, 60, 61, 97, 120, 233, 400])
    func barNeverOverflowsAtAnyWidth(width: Int) {
        for mode in [ScaleMode.compressed, .logarithmic, .linear(window: AddressSpaceLimit.window(AddressSpaceLimit.fourLevel))] {
            var state = SampleStates.huge()
            state.scale = mode
            let view = LiveView(state: state, width: width, height: 40)
            _ = view.render()
            if let bar = view.layout.barLayout { #expect(bar.columns.count == width) }
        }
    }

    /// Degenerate windows and odd states the run loop can produce must still draw.
    @Test(arguments: [ScaleMode.linear(window: 0x5555_5555_9000...0x5555_5555_9010), .linear(window: 0...UInt64.max),
                      .linear(window: 7...7)])
    func oddLinearWindowsDraw(mode: ScaleMode) {
        var state = SampleStates.demo()
        state.scale = mode
        state.selectedRegion = 999
        state.regionScroll = -5
        state.eventScroll = -3
        state.animationFrom = []
        state.animationProgress = .nan
        state.regionFaults = []
        state.regionResident = []
        let screen = LiveView.render(state, width: 100, height: 30)
        #expect(screen.text().contains("Regions"))
    }

    @Test func tooSmallSaysWhatIsNeeded() {
        let text = LiveView.render(SampleStates.demo(), width: 59, height: 20).text()
        #expect(text.contains("terminal too small"))
        #expect(text.contains("need at least 60×16, have 59×20"))
        #expect(LiveView(state: SampleStates.demo(), width: 59, height: 20).layout.isTooSmall)
    }

    @Test func wideTerminalsPutPanelsSideBySide() {
        let wide = LiveView(state: SampleStates.demo(), width: 160, height: 40).layout
        #expect(wide.isSideBySide && wide.regionTable.y == wide.eventLog.y && wide.regionTable.maxX < wide.eventLog.x)
        let narrow = LiveView(state: SampleStates.demo(), width: 100, height: 40).layout
        #expect(!narrow.isSideBySide && narrow.regionTable.maxY == narrow.eventLog.y)
    }

    @Test func hitTestingMapsClicksBackToRegions() throws {
        var state = SampleStates.demo()
        state.selectedRegion = 0
        let view = LiveView(state: state, width: 100, height: 30)
        let layout = view.layout
        let columns = try #require(layout.barLayout).columns
        let heapColumn = try #require(columns.firstIndex { $0.regionIndex == SampleStates.heapIndex })
        #expect(layout.regionIndex(atBarColumn: heapColumn) == SampleStates.heapIndex)
        #expect(layout.regionIndex(atBarColumn: -1) == nil)
        #expect(layout.regionIndex(atBarColumn: 100) == nil)
        let firstRow = layout.regionTable.y + 2
        #expect(layout.regionRow(atY: firstRow) == 0)
        #expect(layout.regionRow(atY: firstRow + 3) == 3)
        #expect(layout.regionRow(atY: layout.regionTable.y) == nil)
        #expect(layout.panel(atX: 5, y: firstRow) == .regions)
        #expect(layout.panel(atX: 5, y: layout.eventLog.y + 1) == .events)
        #expect(layout.isOnBar(x: heapColumn, y: layout.bar.y))
    }

    @Test func selectionIsKeptInViewWhateverTheScroll() {
        var state = SampleStates.huge()
        state.selectedRegion = 64_000
        state.regionScroll = 0
        let view = LiveView(state: state, width: 100, height: 30)
        let rows = view.layout.regionTableRows
        #expect(view.layout.regionScroll <= 64_000 && 64_000 < view.layout.regionScroll + rows)
        let selectedY = view.layout.regionTable.y + 2 + (64_000 - view.layout.regionScroll)
        #expect(view.render()[3, selectedY].role == .selection)
    }

    @Test func eventLogShowsNewestAtTheBottomAndHonoursFilterAndScroll() {
        var state = SampleStates.demo()
        let widget = EventLogWidget(state: state, focused: true)
        #expect(widget.visibleEntries(rows: 3).entries.map(\.description.label) == ["FAIL", "munmap", "mremap"])
        state.hiddenCategories = [.munmap, .mremap, .failure]
        state.eventScroll = 1
        let filtered = EventLogWidget(state: state, focused: true).visibleEntries(rows: 2)
        #expect(filtered.entries.map(\.description.label) == ["faults", "mmap"])
        #expect(filtered.scrolledBack == 1)
        // Scrolling past the oldest stops at the oldest page.
        state.eventScroll = 1000
        let oldest = EventLogWidget(state: state, focused: true).visibleEntries(rows: 2)
        #expect(oldest.entries.map(\.description.label) == ["exec", "mmap"])
    }

    @Test func heatLevelsAreLogScaledAndIgnoreOldFaults() throws {
        #expect(HeatStripWidget.level(0, hottest: 100) == 0)
        #expect(HeatStripWidget.level(1, hottest: 1_000_000) >= 1)
        #expect(HeatStripWidget.level(100, hottest: 100) == 8)
        #expect(HeatStripWidget.level(10, hottest: 100) < HeatStripWidget.level(50, hottest: 100))
        let state = SampleStates.demo()
        let bar = AddressBarLayout(regions: state.regions, width: 100, mode: .compressed, heapMmapGap: state.heapMmapGap)
        let counts = HeatStripWidget(state: state, layout: bar).counts()
        let stackColumn = try #require(bar.column(containing: 0x7fff_fffd_e000))
        #expect(counts[stackColumn] == 0, "a fault older than the heat window shows")
        let total: UInt64 = counts.reduce(0, +)
        #expect(total == 78)
    }

    @Test func flashesTintTheColumnsTheyCover() throws {
        var state = SampleStates.demo()
        state.flashes = [Flash(range: 0x7fff_f7d5_e000..<0x7fff_f7d8_0000, kind: .mapped, intensity: 0.9),
                         Flash(range: 0x5555_5555_9000..<0x5555_555b_c000, kind: .faulted, intensity: 0.05)]
        let view = LiveView(state: state, width: 100, height: 30)
        let screen = view.render()
        let bar = try #require(view.layout.barLayout)
        let anon = try #require(bar.column(containing: 0x7fff_f7d5_f000))
        #expect(screen[anon, view.layout.bar.y].role == .flashMapped)
        let heap = try #require(bar.column(containing: 0x5555_5557_0000))
        #expect(screen[heap, view.layout.bar.y].role == .region(.heap), "a faded flash still tints")
    }

    /// brk growth animates: half-way, the heap has taken half of the columns it is gaining,
    /// starting from its old top.
    @Test func heapGrowthSlidesFromTheOldTop() throws {
        var state = SampleStates.demo()
        var before = state.regions
        before[SampleStates.heapIndex].end = 0x5555_5557_a000
        state.animationFrom = before
        state.scale = .linear(window: 0x5555_5555_4000...0x5555_555c_3fff)
        let bar = AddressBarLayout(regions: state.regions, width: 100, mode: state.scale, heapMmapGap: state.heapMmapGap)
        let old = AddressBarLayout(regions: before, width: 100, mode: state.scale, heapMmapGap: state.heapMmapGap)
        let gained = bar.columns.indices.filter { bar.columns[$0].fill == .region(.heap) && old.columns[$0].fill != .region(.heap) }
        #expect(gained.count > 10)
        state.animationProgress = 0.5
        let fills = AddressBarWidget(state: state, layout: bar).displayedFills()
        let shownHeap = gained.filter { fills[$0] == .region(.heap) }
        #expect(shownHeap.count == gained.count / 2)
        #expect(shownHeap == Array(gained.prefix(shownHeap.count)), "growth starts at the old top")
        state.animationProgress = 1
        #expect(AddressBarWidget(state: state, layout: bar).displayedFills() == bar.columns.map(\.fill))
    }

    /// Per-frame work is O(regions + cells): a 65 000-region frame with an animation running
    /// (two bar layouts) stays well inside a frame budget even in a debug build.
    /// A 65 000-region layout mid-animation, with a flash across thousands of regions, draws a
    /// whole frame. What it costs is measured in Benchmarks (LiveView.render … 65000 regions),
    /// not asserted here: a wall-clock limit fails on a busy machine, not on slow code.
    @Test func hugeAnimatingFrameIsDrawnWhole() {
        var state = SampleStates.huge()
        var before = state.regions
        before[5].end -= 0x10000
        state.animationFrom = before
        state.animationProgress = 0.5
        state.flashes = [Flash(range: state.regions[100].start..<state.regions[5000].end, kind: .mapped, intensity: 1)]
        let screen = LiveView.render(state, width: 300, height: 80)
        #expect(screen.width == 300 && screen.height == 80)
        #expect(screen.text().contains { !$0.isWhitespace }, "an empty frame")
    }
}
