import Testing
import VMScopeCore
@testable import VMScopeTUI

/// The event log's cursor: how `<` / `>` move it, how it survives the log changing under it,
/// and how the log scrolls to keep it in view.
@Suite struct EventSelectionTests {
    /// Five lines, serials 10, 20, ... 50, the fourth a fault burst.
    static let entries: [EventLogEntry] = (1...5).map { index in
        var entry = SampleStates.entry(Double(index), index == 4 ? .fault : .mmap, "mmap", nil)
        entry.serial = index * 10
        return entry
    }

    @Test func aGoneLineFallsToTheNearestOlderOne() {
        #expect(EventSelection.index(of: 30, in: Self.entries) == 2)
        #expect(EventSelection.index(of: 35, in: Self.entries) == 2, "folded away: the line before it")
        #expect(EventSelection.index(of: 5, in: Self.entries) == nil, "older than anything left")
        #expect(EventSelection.entry(99, in: Self.entries)?.serial == 50)
        #expect(EventSelection.entry(nil, in: Self.entries) == nil)
    }

    @Test func theFirstStepPicksTheNewestLineOnScreen() {
        #expect(EventSelection.moved(nil, by: -1, in: Self.entries, hidden: [], scroll: 0) == 50)
        #expect(EventSelection.moved(nil, by: 1, in: Self.entries, hidden: [], scroll: 2) == 30)
        #expect(EventSelection.moved(nil, by: -1, in: Self.entries, hidden: [.fault], scroll: 1) == 30,
                "the hidden fault line is not on screen")
        #expect(EventSelection.moved(nil, by: -1, in: Self.entries, hidden: [], scroll: 99) == 10)
        #expect(EventSelection.moved(nil, by: -1, in: [], hidden: [], scroll: 0) == nil)
    }

    @Test func stepsSkipHiddenLinesStopAtTheOldestAndEndPastTheNewest() {
        #expect(EventSelection.moved(50, by: -1, in: Self.entries, hidden: [.fault], scroll: 0) == 30)
        #expect(EventSelection.moved(30, by: 1, in: Self.entries, hidden: [.fault], scroll: 0) == 50)
        #expect(EventSelection.moved(10, by: -1, in: Self.entries, hidden: [], scroll: 0) == 10)
        #expect(EventSelection.moved(50, by: 1, in: Self.entries, hidden: [], scroll: 0) == nil)
    }

    @Test func theLogScrollsAsLittleAsNeededToShowTheSelection() {
        // 3 rows: lines 30, 40, 50 shown at scroll 0.
        #expect(EventSelection.scroll(0, keeping: 30, in: Self.entries, hidden: [], rows: 3) == 0)
        #expect(EventSelection.scroll(0, keeping: 10, in: Self.entries, hidden: [], rows: 3) == 2)
        #expect(EventSelection.scroll(4, keeping: 50, in: Self.entries, hidden: [], rows: 3) == 0)
        #expect(EventSelection.scroll(1, keeping: 10, in: Self.entries, hidden: [.fault], rows: 3) == 1)
        #expect(EventSelection.scroll(3, keeping: nil, in: Self.entries, hidden: [], rows: 3) == 3)
    }

    // MARK: - Keys

    @Test func theKeysMoveTheCursorAndEscOrPastTheNewestEndIt() {
        var handler = LiveViewInputHandler()
        var state = SampleStates.demo()
        state.events = GapSearchDisplayTests.numbered(state.events)
        let newest = state.events.last!.serial
        _ = handler.handle(.key(.character("<")), state: &state, layout: nil)
        #expect(state.selectedEvent == newest && state.focus == .events)
        _ = handler.handle(.key(.character(",")), state: &state, layout: nil)
        #expect(state.selectedEvent == newest - 1)
        _ = handler.handle(.key(.character(">")), state: &state, layout: nil)
        #expect(state.selectedEvent == newest)
        state.eventScroll = 4
        _ = handler.handle(.key(.character(".")), state: &state, layout: nil)
        #expect(state.selectedEvent == nil && state.eventScroll == 0, "past the newest: following again")

        _ = handler.handle(.key(.character("<")), state: &state, layout: nil)
        state.showHelp = true
        _ = handler.handle(.key(.escape), state: &state, layout: nil)
        #expect(!state.showHelp && state.selectedEvent != nil, "Esc closes the help first")
        _ = handler.handle(.key(.escape), state: &state, layout: nil)
        #expect(state.selectedEvent == nil)

        _ = handler.handle(.key(.character("<")), state: &state, layout: nil)
        #expect(handler.handle(.key(.character("c")), state: &state, layout: nil) == .clearLog)
        #expect(state.selectedEvent == nil, "nothing left to select")
    }

    /// With a line selected the log's scrolling keys move it instead: the view follows the
    /// selected line, so scrolling away from it would only snap back.
    @Test func theScrollingKeysMoveASelectedLine() {
        var handler = LiveViewInputHandler()
        var state = SampleStates.demo()
        state.events = GapSearchDisplayTests.numbered(state.events)
        state.focus = .events
        let serials = state.events.map(\.serial)
        _ = handler.handle(.key(.character("<")), state: &state, layout: nil)
        _ = handler.handle(.key(.up), state: &state, layout: nil)
        _ = handler.handle(.key(.up), state: &state, layout: nil)
        #expect(state.selectedEvent == serials[serials.count - 3] && state.eventScroll == 0)
        _ = handler.handle(.key(.down), state: &state, layout: nil)
        #expect(state.selectedEvent == serials[serials.count - 2])
        _ = handler.handle(.key(.home), state: &state, layout: nil)
        #expect(state.selectedEvent == serials[0])
        _ = handler.handle(.key(.end), state: &state, layout: nil)
        #expect(state.selectedEvent == nil && state.eventScroll == 0)
        // Without a selection they scroll as before.
        _ = handler.handle(.key(.up), state: &state, layout: nil)
        #expect(state.selectedEvent == nil && state.eventScroll == 1)
    }

    @Test func aClickOnALogLineSelectsIt() throws {
        var handler = LiveViewInputHandler()
        var state = SampleStates.demo()
        state.events = GapSearchDisplayTests.numbered(state.events)
        let layout = LiveView(state: state, width: 100, height: 30).layout
        // The log is bottom-aligned: its last row is the newest line, the one above it the next.
        _ = handler.handle(.mouse(x: layout.eventLog.x + 3, y: layout.eventLog.maxY - 2, kind: .click),
                           state: &state, layout: layout)
        #expect(state.selectedEvent == state.events[state.events.count - 2].serial && state.focus == .events)
        // The title row is no line.
        #expect(layout.eventSerial(atY: layout.eventLog.y) == nil)
    }

    /// The selected line is drawn in the selection role, scrolled into view, and its search's
    /// window is under the bar.
    @Test func theSelectedLineIsHighlightedAndKeptInView() throws {
        var state = SampleStates.demo()
        state.events = GapSearchDisplayTests.numbered(state.events)
        state.events[1].gapSearches = [GapSearchDisplayTests.found()]
        state.selectedEvent = state.events[1].serial
        let view = LiveView(state: state, width: 100, height: 30)
        #expect(view.layout.eventScroll > 0)
        let screen = view.render()
        let rows = view.layout.eventLog.y + 1..<view.layout.eventLog.maxY
        let highlighted = rows.filter { screen[view.layout.eventLog.x + 2, $0].role == .selection }
        #expect(highlighted.count == 1)
        let row = try #require(highlighted.first)
        let text = (0..<100).map { String(screen[$0, row].character) }.joined()
        #expect(text.contains("0.004"))
        #expect(view.layout.gapSearch?.isSelected == true)
    }
}
