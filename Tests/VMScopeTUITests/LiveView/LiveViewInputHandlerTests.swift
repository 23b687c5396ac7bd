import Testing
import VMScopeCore
@testable import VMScopeTUI

/// What keys and clicks do to the live view's state, and which of them the run loop must carry
/// out itself.
@Suite struct LiveViewInputHandlerTests {
    struct Driver {
        var handler = LiveViewInputHandler()
        var state = SampleStates.demo()
        var layout: LiveView.Layout?

        mutating func press(_ keys: Key...) -> LiveViewEffect {
            var effect = LiveViewEffect.none
            for key in keys { effect = handler.handle(.key(key), state: &state, layout: layout) }
            return effect
        }

        var window: ClosedRange<UInt64>? {
            if case .linear(let window) = state.scale { return window }
            return nil
        }
    }

    @Test(arguments: [
        (Key.character("q"), LiveViewEffect.quit), (.control("c"), .quit), (.character("p"), .openPicker),
        (.character("]"), .showProcess(1)), (.character("["), .showProcess(-1)),
        (.character("F"), .toggleFollowChildren), (.character("x"), .unwatchProcess),
        (.character("t"), .cycleTheme), (.character("c"), .clearLog), (.control("l"), .redraw),
    ])
    func keysTheRunLoopCarriesOut(key: Key, effect: LiveViewEffect) {
        var driver = Driver()
        #expect(driver.press(key) == effect)
    }

    @Test func theViewsOwnKeysNeedNothingFromTheRunLoop() {
        var driver = Driver()
        for key: Key in [.character("s"), .character(" "), .character("+"), .left, .down, .tab, .enter,
                         .character("f"), .character("?"), .escape, .character("Z")] {
            #expect(driver.press(key) == .none, "\(key)")
        }
        #expect(driver.handler.handle(.resize(width: 80, height: 24), state: &driver.state, layout: nil) == .none)
    }

    @Test func withHelpShownAnotherKeyOnlyClosesIt() {
        var driver = Driver()
        _ = driver.press(.character("?"))
        #expect(driver.state.showHelp)
        #expect(driver.press(.character("p")) == .none)
        #expect(!driver.state.showHelp)
        _ = driver.press(.function(1))
        #expect(driver.press(.character("q")) == .quit)
        _ = driver.press(.character("?"))
        #expect(!driver.state.showHelp)
    }

    @Test func pauseAndScaleSayWhatTheyDid() {
        var driver = Driver()
        _ = driver.press(.character(" "))
        #expect(driver.state.paused && driver.state.message == "paused: events are still recorded")
        _ = driver.press(.character(" "))
        #expect(!driver.state.paused && driver.state.message == "resumed")
        _ = driver.press(.character("s"))
        #expect(driver.state.scale == .logarithmic && driver.state.message == "scale: log")
        _ = driver.press(.character("s"))
        #expect(driver.window == AddressSpaceLimit.window(AddressSpaceLimit.fourLevel))
        _ = driver.press(.character("s"))
        #expect(driver.state.scale == .compressed)
    }

    @Test func zoomStopsAtSixteenPagesAndAtAllOfUserSpace() throws {
        var driver = Driver()
        for _ in 0..<60 { _ = driver.press(.character("+")) }
        var window = try #require(driver.window)
        #expect(window.upperBound - window.lowerBound == LiveViewInputHandler.minimumWindow)
        #expect(driver.state.message == "linear window: 64 KiB")
        for _ in 0..<60 { _ = driver.press(.character("-")) }
        window = try #require(driver.window)
        #expect(window == AddressSpaceLimit.window(AddressSpaceLimit.fourLevel))
    }

    /// A compat task's whole space is 4 GiB: the linear scale spans that, and zooming out and
    /// panning stop there rather than at 128 TiB, where the process would be a sliver.
    @Test func theLinearWindowIsTheProcesssOwnSpace() throws {
        var driver = Driver()
        driver.state.addressSpaceLimit = AddressSpaceLimit.thirtyTwoBit
        _ = driver.press(.character("s"), .character("s"))
        #expect(driver.window == 0...0xffff_ffff)
        for _ in 0..<5 { _ = driver.press(.character("-")) }
        #expect(driver.window == 0...0xffff_ffff)
        _ = driver.press(.character("+"))
        for _ in 0..<10 { _ = driver.press(.right) }
        #expect(driver.window?.upperBound == 0xffff_ffff)
    }

    @Test func uTogglesTheSpaceSummaryAndClicksThereSelectNothing() {
        var driver = Driver()
        #expect(driver.press(.character("u")) == .none)
        #expect(driver.state.showSpaceSummary)
        let layout = LiveView(state: driver.state, width: 100, height: 30).layout
        #expect(layout.panel(atX: 5, y: layout.spacePanel.y + 3) == nil)
        #expect(layout.regionRow(atY: layout.spacePanel.y + 3) == nil)
        _ = driver.press(.character("u"))
        #expect(!driver.state.showSpaceSummary)
    }

    @Test func panningStaysInsideUserSpace() throws {
        var driver = Driver()
        _ = driver.press(.character("+"))
        let half = try #require(driver.window)
        #expect(half.upperBound - half.lowerBound == AddressSpaceLimit.window(AddressSpaceLimit.fourLevel).upperBound / 2)
        for _ in 0..<10 { _ = driver.press(.left) }
        #expect(driver.window?.lowerBound == 0)
        #expect(driver.window.map { $0.upperBound - $0.lowerBound } == half.upperBound - half.lowerBound)
        for _ in 0..<10 { _ = driver.press(.right) }
        #expect(driver.window?.upperBound == AddressSpaceLimit.window(AddressSpaceLimit.fourLevel).upperBound)
    }

    @Test func enterZoomsOntoTheSelectedRegion() throws {
        var driver = Driver()
        driver.state.selectedRegion = SampleStates.heapIndex
        _ = driver.press(.enter)
        let heap = SampleStates.demoRegions[SampleStates.heapIndex]
        let window = try #require(driver.window)
        #expect(window.contains(heap.start) && window.contains(heap.end))
        #expect(window.upperBound - window.lowerBound == heap.size * 4)
        #expect(driver.state.message == "jumped to " + AddressFormatter.format(heap.start))
    }

    @Test func theFilterCyclesThroughItsCategoriesAndBack() {
        var driver = Driver()
        driver.state.eventScroll = 5
        var names: [String?] = []
        for _ in LiveViewInputHandler.filters {
            _ = driver.press(.character("f"))
            names.append(driver.state.message)
            #expect(driver.state.eventScroll == 0)
        }
        #expect(names == ["event log: memory calls only", "event log: faults only", "event log: process events only",
                          "event log: failures only", "event log: all events"])
        #expect(driver.state.hiddenCategories.isEmpty)
        _ = driver.press(.character("f"), .character("f"))
        #expect(driver.state.hiddenCategories == Set(EventLogCategory.allCases).subtracting([.fault]))
    }

    @Test func selectionAndScrollingStayInRange() {
        var driver = Driver()
        let last = driver.state.regions.count - 1
        driver.state.selectedRegion = 0
        _ = driver.press(.up)
        #expect(driver.state.selectedRegion == 0)
        _ = driver.press(.pageDown, .pageDown, .pageDown)
        #expect(driver.state.selectedRegion == last)
        _ = driver.press(.character("g"))
        #expect(driver.state.selectedRegion == 0)
        _ = driver.press(.character("G"))
        #expect(driver.state.selectedRegion == last)
        // In the log, up scrolls back (never past the oldest) and End returns to the newest.
        _ = driver.press(.tab)
        #expect(driver.state.focus == .events)
        for _ in 0..<100 { _ = driver.press(.up) }
        #expect(driver.state.eventScroll == driver.state.events.count - 1)
        _ = driver.press(.end)
        #expect(driver.state.eventScroll == 0)
        _ = driver.press(.backTab)
        #expect(driver.state.focus == .regions)
    }

    @Test func clicksSelectOnTheBarAndInTheTable() throws {
        var driver = Driver()
        let view = LiveView(state: driver.state, width: 100, height: 30)
        driver.layout = view.layout
        let columns = try #require(view.layout.barLayout).columns
        let x = try #require(columns.firstIndex { $0.regionIndex == SampleStates.heapIndex && $0.fill == .region(.heap) })
        #expect(driver.handler.handle(.mouse(x: x, y: view.layout.bar.y, kind: .click), state: &driver.state,
                                      layout: driver.layout) == .none)
        #expect(driver.state.selectedRegion == SampleStates.heapIndex)
        let row = view.layout.regionTable.y + RegionTableWidget.chromeRows + 2
        _ = driver.handler.handle(.mouse(x: 1, y: row, kind: .click), state: &driver.state, layout: driver.layout)
        #expect(driver.state.selectedRegion == view.layout.regionScroll + 2 && driver.state.focus == .regions)
        // The wheel over the log focuses it and scrolls it.
        _ = driver.handler.handle(.mouse(x: view.layout.eventLog.x + 1, y: view.layout.eventLog.y + 1, kind: .wheelUp),
                                  state: &driver.state, layout: driver.layout)
        #expect(driver.state.focus == .events && driver.state.eventScroll == 3)
    }
}
