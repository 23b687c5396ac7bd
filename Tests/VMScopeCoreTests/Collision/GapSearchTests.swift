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

    @Test func theGuardGapBelowTheStackIsNotFree() {
        let withStack = [F.anon(0x1000, 0x10_0000), F.stack(0x40_0000, 0x42_0000)]
        let free = GapSearch.freeSpace(in: 0x1000..<0x50_0000, of: withStack)
        #expect(free.largest == 0x40_0000 - 0x10_0000 - 0x10_0000, "3 MiB below the stack, less its 1 MiB guard gap")
        #expect(free.total == free.largest + 0x50_0000 - 0x42_0000)
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

/// How trace puts placements into words on the call's line.
@Suite struct PlacementNotesTests {
    @Test func aFailedSearchIsCalledFragmentationOrFull() {
        var failed = GapSearch(length: 100 << 20, window: 0x1000..<0xf7fb_8000, direction: .topDown, result: nil,
                               freeInWindow: 252 << 20, largestGapInWindow: 64 << 20)
        #expect(EventDescriber.describe(failed)
                == "no gap of 100 MiB in 0x000000001000-0x0000f7fb8000 (top-down): fragmentation (free total 252 MiB, largest gap 64 MiB)")
        failed.freeInWindow = 61 << 20
        #expect(EventDescriber.describe(failed).contains(": address space full (free total 61 MiB"))
        let found = GapSearch(length: 4096, window: 0x5555_0000..<0xffff_e000, direction: .bottomUp, result: 0xf7fb_8000)
        #expect(EventDescriber.describe([failed, found]).hasSuffix(", then bottom-up search of 0x000055550000-0x0000ffffe000 found it"))
    }

    /// The live view's log line: a search in a few words, a failure by its headline; the same
    /// phrases as the full form.
    @Test func theBriefFormKeepsTheHeadline() {
        var failed = GapSearch(length: 100 << 20, window: 0x1000..<0xf7fb_8000, direction: .topDown, result: nil,
                               freeInWindow: 252 << 20, largestGapInWindow: 64 << 20)
        #expect(EventDescriber.describeBriefly(failed) == "no gap of 100 MiB: fragmentation")
        failed.freeInWindow = 61 << 20
        #expect(EventDescriber.describeBriefly(failed) == "no gap of 100 MiB: address space full")
        failed.freeInWindow = nil
        #expect(EventDescriber.describeBriefly(failed) == "no gap of 100 MiB", "not measured: no verdict")
        let found = GapSearch(length: 4096, window: 0x5555_0000..<0xffff_e000, direction: .bottomUp, result: 0xf7fb_8000)
        #expect(EventDescriber.describeBriefly(found) == "bottom-up search of 0x000055550000-0x0000ffffe000")
        #expect(EventDescriber.describe(found) == EventDescriber.describeBriefly(found) + " found it")
        #expect(EventDescriber.describeBriefly([failed, found])
                == "no gap of 100 MiB, then bottom-up search of 0x000055550000-0x0000ffffe000")
    }

    @Test func notesNameTheInterfaceTheSearchesAndTheCollision() {
        var event = MemoryEvent(timestamp: 1, tgid: 1, tid: 1, kind: .munmap(address: 0, length: 0))
        #expect(EventDescriber.placementNotes(event) == nil, "an x86-64 call with nothing to add")
        event.abi = .i386
        event.collision = Collision(kind: .mmapBelowHeap(heapStart: 0x1000), range: 0..<0x1000, reason: "why")
        #expect(EventDescriber.placementNotes(event) == "i386; why")
    }
}
