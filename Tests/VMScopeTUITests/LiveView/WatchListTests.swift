import Testing
import VMScopeCore
@testable import VMScopeTUI

/// The watch list: order, the shown entry, which entry is live for a pid, pruning of ended
/// entries, the header's strip, and the user's place in each view across switches.
@Suite struct WatchListTests {
    static func entry(_ pid: Int32, _ name: String = "demo") -> ProcessViewModel {
        ProcessViewModel(pid: pid, commandLine: "/usr/bin/" + name, startedAt: 0)
    }

    static func list(_ pids: [Int32]) -> WatchList<ProcessViewModel> {
        let list = WatchList<ProcessViewModel>()
        for pid in pids { list.add(entry(pid), show: false) }
        return list
    }

    @Test func theFirstEntryIsShownAndLaterOnesOnlyWhenAsked() {
        let list = Self.list([10, 11])
        #expect(list.current?.pid == 10)
        list.add(Self.entry(12), show: true)
        #expect(list.current?.pid == 12 && list.currentIndex == 2)
        #expect(list.show(4) && list.current?.pid == 11)  // wraps
        #expect(!list.show(-2))                           // wraps backwards onto the same one
        list.show(list.processes[0])
        #expect(list.current?.pid == 10)
    }

    @Test func theLiveEntryForAPidIsTheOneNotEnded() {
        let list = Self.list([10, 11])
        let old = list.processes[0]
        old.setEnding(exitStatus: nil, gone: true)
        #expect(list.live(10) == nil)
        let reused = Self.entry(10, "other")
        list.add(reused, show: false)
        #expect(list.live(10) === reused)
        #expect(list.livePids == [10, 11])
    }

    @Test func removingTheShownEntryShowsTheNextOrThePrevious() {
        let list = Self.list([10, 11, 12])
        list.show(1)
        #expect(list.removeCurrent()?.pid == 11)
        #expect(list.current?.pid == 12)
        #expect(list.removeCurrent()?.pid == 12)
        #expect(list.current?.pid == 10)
        #expect(list.removeCurrent()?.pid == 10)
        #expect(list.isEmpty && list.current == nil && list.removeCurrent() == nil)
    }

    @Test func pruningDropsTheOldestEndedButNeverTheShownOne() {
        let list = Self.list([10, 11, 12, 13, 14])
        for index in [0, 1, 2, 4] { list.processes[index].setEnding(exitStatus: 0, gone: false) }
        // The shown one (ended too) is not counted against the limit and stays.
        list.show(0)
        list.pruneEnded(keeping: 1)
        #expect(list.processes.map(\.pid) == [10, 13, 14])
        #expect(list.current?.pid == 10)
        // The shown one further along keeps being shown as the entries before it go.
        let more = Self.list([20, 21, 22, 23])
        for index in [0, 1, 2] { more.processes[index].setEnding(exitStatus: 0, gone: false) }
        more.show(3)
        more.pruneEnded(keeping: 1)
        #expect(more.processes.map(\.pid) == [22, 23])
        #expect(more.current?.pid == 23 && more.currentIndex == 1)
        // Under the limit nothing goes.
        more.pruneEnded(keeping: 1)
        #expect(more.processes.count == 2)
    }

    @Test func theStripListsEveryEntryAndMarksTheShownOne() {
        let list = Self.list([10, 11])
        list.processes[1].setEnding(exitStatus: 0, gone: false)
        list.show(1)
        var state = LiveViewState()
        list.fillStrip(&state, now: 0)
        #expect(state.watchList == [WatchListItem(pid: 10, name: "demo"),
                                    WatchListItem(pid: 11, name: "demo", ending: "exited 0")])
        #expect(state.currentWatchIndex == 1)
    }

    @Test func switchingRestoresEachProcesssPlaceInItsView() {
        let list = Self.list([10, 11])
        var state = LiveViewState()
        state.scale = .logarithmic
        state.selectedRegion = 7
        state.regionScroll = 3
        state.focus = .events
        state.eventScroll = 12
        state.selectedEvent = 40
        state.flashes = [Flash(range: 0..<1, kind: .mapped, intensity: 1)]
        state.animationFrom = []
        state.recentGapSearch = GapSearch(length: 0x1000, window: 0x1000..<0x9000, direction: .topDown, result: 0x8000)

        #expect(list.step(by: 1, state: &state))
        // A process seen for the first time starts at the top, compressed, and nothing of the
        // previous one's animation shows.
        #expect(ViewPosition(of: state) == .initial)
        #expect(state.flashes.isEmpty && state.animationFrom == nil)
        #expect(state.recentGapSearch == nil, "the other process's search is not under this one's bar")
        #expect(state.message == "showing 11 demo")
        state.scale = .linear(window: 0x1000...0x9000)
        state.selectedRegion = 2

        #expect(list.step(by: -1, state: &state))
        #expect(state.scale == .logarithmic && state.selectedRegion == 7 && state.regionScroll == 3)
        #expect(state.focus == .events && state.eventScroll == 12 && state.selectedEvent == 40)
        #expect(list.step(by: 1, state: &state))
        #expect(state.scale == .linear(window: 0x1000...0x9000) && state.selectedRegion == 2)
        #expect(state.focus == .regions)
    }

    @Test func switchingWithOneProcessSaysWhyNot() {
        let list = Self.list([10])
        var state = LiveViewState()
        state.selectedRegion = 4
        #expect(!list.step(by: 1, state: &state))
        #expect(state.message == "only one process is watched: p picks more, -p takes several")
        #expect(state.selectedRegion == 4 && list.current?.pid == 10)
    }

    @Test func aPickedProcessStartsFreshAndTheLeftOneKeepsItsPlace() {
        let list = Self.list([10])
        var state = LiveViewState()
        state.selectedRegion = 9
        list.savePosition(of: state)
        list.add(Self.entry(11, "evil\u{1b}[2J"), show: true)
        list.restorePosition(into: &state)
        #expect(state.selectedRegion == 0)
        // Untrusted names are escaped.
        #expect(state.message?.contains("\u{1b}") == false)
        #expect(list.step(by: 1, state: &state))
        #expect(state.selectedRegion == 9)
    }
}
