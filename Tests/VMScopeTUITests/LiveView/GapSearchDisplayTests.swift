import Testing
import VMScopeCore
@testable import VMScopeTUI

/// How the live view shows the kernel's searches for room (`GapSearch`): briefly on the call's
/// log line, and the chosen search's window under the bar.
@Suite struct GapSearchDisplayTests {
    typealias Feed = ProcessViewModelFeed
    /// The demo's top-down window: from the lowest address up to its mmap area.
    static let window: Range<UInt64> = 0x1_0000..<Feed.anonStart
    static let placed: UInt64 = Feed.anonStart - 0x2_0000
    /// Free in two pieces: 184 KiB below the anonymous mapping, 384 KiB under [vvar].
    static let fragmentedWindow: Range<UInt64> = 0x7fff_f7d3_0000..<0x7fff_f7fc_1000

    static func found(at address: UInt64 = placed, alignMask: UInt64 = 0) -> GapSearch {
        GapSearch(length: 0x2_0000, window: window, alignMask: alignMask, direction: .topDown, result: address)
    }

    static func failed(alignMask: UInt64 = 0) -> GapSearch {
        GapSearch(length: 512 << 10, window: fragmentedWindow, alignMask: alignMask, direction: .topDown, result: nil)
    }

    static let failedMmap = MemoryEventKind.failed(syscall: .mmap, errno: 12, address: 0, length: 512 << 10)

    // MARK: - The log line

    @Test func aCallsSearchIsOnItsLineInTracesWords() throws {
        let feed = Feed()
        feed.take(Feed.anonymousMmap(Self.placed, 0x2_0000), searches: [Self.found()])
        let line = try #require(feed.fill().events.last)
        #expect(line.description.detail.hasSuffix("; top-down search of 0x000000010000-0x7ffff7d5e000"))
        #expect(line.gapSearches == [Self.found()])
    }

    @Test func aFailedSearchWithRoomInPiecesIsCalledFragmentation() throws {
        let feed = Feed()
        feed.take(Self.failedMmap, searches: [Self.failed()])
        let line = try #require(feed.fill().events.last)
        #expect(line.category == .failure)
        // Why it failed comes first: a narrow panel cuts the end of the line.
        #expect(line.description.detail.hasPrefix("no gap of 512 KiB: fragmentation; mmap ENOMEM"))
        // Measured by the Timeline as the call was applied: the bar's caption says the same.
        let search = try #require(line.gapSearches.last)
        #expect(search.freeInWindow == 568 << 10 && search.largestGapInWindow == 384 << 10)
    }

    @Test func aFoldedLineKeepsTheLatestSearch() throws {
        let feed = Feed()
        // The same failure three times: one line ×3, the last call's search.
        for mask: UInt64 in [0, 0xfff, 0x1fff] { feed.take(Self.failedMmap, searches: [Self.failed(alignMask: mask)]) }
        var state = feed.fill()
        let failures = state.events.filter { $0.category == .failure }
        #expect(failures.map(\.repeatCount) == [3])
        #expect(failures.first?.gapSearches.map(\.alignMask) == [0x1fff])

        // A storm of mmap+munmap pairs: one pair line, the latest mmap's search, also once a
        // repetition completes (the fold's own path).
        for mask: UInt64 in [0x1000, 0x2000, 0x3000, 0x4000] {
            feed.take(Feed.anonymousMmap(Self.placed, 0x2_0000), searches: [Self.found(alignMask: mask)])
            feed.take([.munmap(address: Self.placed, length: 0x2_0000)])
        }
        state = feed.fill()
        let pair = try #require(state.events.last)
        #expect(pair.description.label == "mmap+munmap" && pair.repeatCount == 4)
        #expect(pair.gapSearches.map(\.alignMask) == [0x4000])
    }

    // MARK: - Which search the bar shows

    @Test func theLatestSearchShowsForAFewSecondsAndAFailureLonger() {
        let feed = Feed()
        #expect(feed.fill().recentGapSearch == nil)
        feed.take(Feed.anonymousMmap(Self.placed, 0x2_0000), searches: [Self.found()])
        #expect(feed.fill().recentGapSearch?.result == Self.placed)
        feed.advance(RecentGapSearch.duration)
        #expect(feed.fill().recentGapSearch == nil, "gone after its few seconds")

        feed.take(Self.failedMmap, searches: [Self.failed()])
        feed.advance(1_000_000_000)
        // Smaller requests right after it do not push the failure off the bar.
        feed.take(Feed.anonymousMmap(Self.placed - 0x2_0000, 0x2_0000), searches: [Self.found(at: Self.placed - 0x2_0000)])
        #expect(feed.fill().recentGapSearch?.failed == true)
        feed.advance(RecentGapSearch.failureDuration)
        #expect(feed.fill().recentGapSearch == nil)
        feed.take(Feed.anonymousMmap(Self.placed - 0x4_0000, 0x2_0000), searches: [Self.found(at: Self.placed - 0x4_0000)])
        #expect(feed.fill().recentGapSearch?.result == Self.placed - 0x4_0000, "the failure expired: the latest again")
    }

    /// x86 tries bottom-up after a failed top-down search: the last search is how it ended, the
    /// failure before it is still held.
    @Test func ofSeveralSearchesTheFailureIsHeldElseTheLast() {
        var recent = RecentGapSearch()
        let bottomUp = GapSearch(length: 0x1000, window: 0x5555_0000..<0xffff_e000, direction: .bottomUp, result: 0x6000_0000)
        recent.note([Self.found(), bottomUp], timestamp: 10)
        #expect(recent.shown(now: 11) == bottomUp)
        recent.note([Self.failed(), bottomUp], timestamp: 20)
        #expect(recent.shown(now: 21) == Self.failed())
        #expect(recent.shown(now: 20 + RecentGapSearch.failureDuration) == nil)
    }

    @Test func aSelectedLineShowsItsOwnSearchOrNone() {
        var state = SampleStates.demo()
        state.events = Self.numbered(state.events)
        state.events[7].gapSearches = [Self.found()]
        state.recentGapSearch = Self.failed()
        #expect(GapSearchOnBar.chosen(for: state)?.search == Self.failed(), "no selection: the recent one")
        #expect(GapSearchOnBar.chosen(for: state)?.isSelected == false)
        state.selectedEvent = state.events[7].serial
        #expect(GapSearchOnBar.chosen(for: state)?.search == Self.found())
        #expect(GapSearchOnBar.chosen(for: state)?.isSelected == true)
        state.selectedEvent = state.events[8].serial
        #expect(GapSearchOnBar.chosen(for: state) == nil, "the selected line made no search")
    }

    // MARK: - Where on the bar

    @Test(arguments: [ScaleMode.compressed, .logarithmic, .linear(window: 0...0x7fff_ffff_ffff)])
    func theWindowSpansItsColumnsOnEveryScale(mode: ScaleMode) throws {
        let layout = AddressBarLayout(regions: SampleStates.demoRegions, width: 100, mode: mode, heapMmapGap: nil)
        let search = Self.found()
        let onBar = try #require(GapSearchOnBar(search, isSelected: false, on: layout.columns))
        #expect(onBar.columns == BarGeometry.columns(covering: search.window, in: layout.columns))
        #expect(onBar.columns.count > 1)
        let mark = try #require(onBar.markColumn)
        #expect(layout.columns[mark].addresses.contains(Self.placed))
        #expect(onBar.columns.contains(mark))

        let failure = try #require(GapSearchOnBar(Self.failed(), isSelected: true, on: layout.columns))
        #expect(failure.markColumn == failure.columns.upperBound - 1, "top-down: ✕ where the search began")
        var bottomUp = Self.failed()
        bottomUp.direction = .bottomUp
        #expect(GapSearchOnBar(bottomUp, isSelected: true, on: layout.columns)?.markColumn == failure.columns.lowerBound)
    }

    @Test func aWindowOffTheBarIsNotDrawn() {
        let layout = AddressBarLayout(regions: SampleStates.demoRegions, width: 100,
                                      mode: .linear(window: 0x7fff_fffd_e000...0x7fff_ffff_f000), heapMmapGap: nil)
        #expect(GapSearchOnBar(Self.failed(), isSelected: false, on: layout.columns) == nil)
    }

    /// The bracket sits on the label row under the bar, its ends and mark where the layout says
    /// (linear, the result placed a quarter of the way up: ends, mark and words all have room).
    @Test func theLabelRowBracketsTheWindow() throws {
        var state = SampleStates.demo()
        state.scale = .linear(window: 0...0x7fff_ffff_ffff)
        state.recentGapSearch = Self.found(at: 0x2000_0000_0000)
        let view = LiveView(state: state, width: 100, height: 30)
        let onBar = try #require(view.layout.gapSearch)
        let screen = view.render()
        let y = view.layout.gapLabels.y
        #expect(screen[onBar.columns.lowerBound, y].character == "├")
        #expect(screen[onBar.columns.upperBound - 1, y].character == "┤")
        #expect(screen[try #require(onBar.markColumn), y].character == "▲")
        #expect(screen[onBar.columns.lowerBound, y].role == .gapSearch)
        let row = (0..<100).map { String(screen[$0, y].character) }.joined()
        #expect(row.contains(" top-down search, 128 KiB "))
    }

    /// Entries as the log numbers them.
    static func numbered(_ entries: [EventLogEntry]) -> [EventLogEntry] {
        entries.enumerated().map { index, entry in
            var entry = entry
            entry.serial = index + 1
            return entry
        }
    }
}
