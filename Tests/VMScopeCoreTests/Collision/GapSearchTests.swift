import Testing
@testable import VMScopeCore

/// A failed gap search is fragmentation when its window had the room in total but no gap of
/// the size; the Timeline measures the window against its layout.
@Suite struct GapSearchTests {
    typealias F = TimelineFixture

    static let layout: [Region] = [
        F.anon(0x1000, 0x10_0000),       // 1 MiB - 4 KiB
        F.anon(0x20_0000, 0x30_0000),    // gap of 1 MiB below
        F.anon(0x38_0000, 0x40_0000),    // gap of 512 KiB below
    ]

    @Test func freeSpaceCountsEveryGapInTheWindowAndTheLargest() {
        let free = GapSearch.freeSpace(in: 0x1000..<0x50_0000, of: Self.layout)
        #expect(free.total == 0x10_0000 + 0x8_0000 + 0x10_0000)
        #expect(free.largest == 0x10_0000)
        // A window that starts and ends inside mappings.
        let inner = GapSearch.freeSpace(in: 0x8_0000..<0x39_0000, of: Self.layout)
        #expect(inner.total == 0x10_0000 + 0x8_0000)
        #expect(GapSearch.freeSpace(in: 0x50_0000..<0x60_0000, of: Self.layout) == (0x10_0000, 0x10_0000))
        #expect(GapSearch.freeSpace(in: 0x1000..<0x1000, of: Self.layout).total == 0)
    }

    @Test func theTimelineMeasuresFailedSearchesOnly() {
        let timeline = Timeline(pid: 42)
        timeline.ingest(snapshot: F.snapshot(100, Self.layout))
        let failed = GapSearch(length: 0x18_0000, window: 0x1000..<0x40_0000, direction: .topDown, result: nil)
        let found = GapSearch(length: 0x1000, window: 0x1000..<0x40_0000, direction: .topDown, result: 0x37_f000)
        var event = MemoryEvent(timestamp: 110, tgid: 42, tid: 42,
                                kind: .failed(syscall: .mmap, errno: 12, address: 0, length: 0x18_0000),
                                abi: .i386, gapSearches: [failed, found])
        timeline.annotate(&event)
        #expect(event.gapSearches[0].freeInWindow == 0x18_0000)
        #expect(event.gapSearches[0].largestGapInWindow == 0x10_0000)
        #expect(event.gapSearches[0].isFragmentation, "1.5 MiB free in total, no gap of 1.5 MiB")
        #expect(event.gapSearches[1].freeInWindow == nil)
        #expect(!event.gapSearches[1].isFragmentation)
    }

    @Test func aFullWindowIsNotFragmentation() {
        var search = GapSearch(length: 0x40_0000, window: 0x1000..<0x40_0000, direction: .bottomUp, result: nil)
        search.freeInWindow = 0x18_0000
        #expect(search.failed && !search.isFragmentation)
    }
}
