import Testing
import VMScopeCore
@testable import VMScopeTUI

/// Whole screens with a gap search under the bar (re-record with VMSCOPE_RECORD_SNAPSHOTS=1).
@Suite struct GapSearchSnapshotTests {
    /// The demo's log with its FAIL line selected: a top-down search that found 568 KiB free in
    /// two pieces and no 512 KiB gap. The smallest usual terminal.
    @Test func selectedFragmentationFailure80x24() {
        var state = SampleStates.demo()
        state.events = GapSearchDisplayTests.numbered(state.events)
        let failure = state.events.firstIndex { $0.category == .failure }!
        var search = GapSearchDisplayTests.failed()
        search.freeInWindow = 568 << 10
        search.largestGapInWindow = 384 << 10
        state.events[failure].gapSearches = [search]
        state.events[failure].description.detail = EventDescriber.describeBriefly(search) + "; "
            + state.events[failure].description.detail
        state.selectedEvent = state.events[failure].serial
        state.focus = .events
        SnapshotFile.check(LiveView.render(state, width: 80, height: 24).text(), named: "gap-search-failed-selected-80x24")
    }

    /// No selection: the latest search (an mmap placed a quarter of the way up user space) on
    /// the linear scale, wide.
    @Test func recentSearchLinear160x40() {
        var state = SampleStates.demo()
        state.scale = .linear(window: 0...0x7fff_ffff_ffff)
        state.recentGapSearch = GapSearchDisplayTests.found(at: 0x2000_0000_0000)
        SnapshotFile.check(LiveView.render(state, width: 160, height: 40).text(), named: "gap-search-recent-linear-160x40")
    }
}
