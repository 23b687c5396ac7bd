import Testing
@testable import VMScopeCore

/// A /proc snapshot is a read that takes time while the process keeps running: a change whose
/// record is stamped after the read began may or may not be in it. These are the interleavings
/// that made snapshots report differences the events had already explained.
@Suite struct InFlightReconcileTests {
    typealias F = TimelineFixture

    static let slot: UInt64 = 0x7f00_0005_0000
    static let newAnon = MemoryEventKind.mmap(address: slot, length: 0x3000, protection: F.rw,
                                              flags: F.anonRW, fd: -1, offset: 0, file: nil)
    static let withNewAnon = F.replacing(0, in: F.program, with: [F.anon(slot, slot + 0x3000)])

    /// A snapshot whose read began at `start` and ended at `end`.
    func read(_ start: UInt64, _ end: UInt64, _ regions: [Region]) -> AddressSpaceSnapshot {
        AddressSpaceSnapshot(timestamp: start, readEnd: end, pid: 42, regions: regions)
    }

    func timeline() -> Timeline {
        let timeline = Timeline(pid: 42, inFlightAllowance: 50)
        timeline.ingest(snapshot: F.snapshot(100, F.program))
        return timeline
    }

    @Test func aMappingMadeWhileMapsWasReadIsNotUnexplained() throws {
        let timeline = timeline()
        // The read ran from 200 to 260; the mmap's record is stamped 230 and the read saw it.
        timeline.apply(F.event(230, Self.newAnon))
        let report = try #require(timeline.ingest(snapshot: read(200, 260, Self.withNewAnon)))
        #expect(report.unexplainedCount == 0, "\(report.unexplained)")
        #expect(report.expected.map(\.explanation) == [.changedDuringRead])
        #expect(AddressSpaceEditor.sameLayout(timeline.currentRegions, Self.withNewAnon))
        // The next snapshot starts from the state before the mmap and applies it once.
        let next = try #require(timeline.ingest(snapshot: read(400, 410, Self.withNewAnon)))
        #expect(next.unexplainedCount == 0 && next.expected.isEmpty)
    }

    @Test func aMappingTheReadDidNotSeeYetIsNoDifference() throws {
        let timeline = timeline()
        timeline.apply(F.event(230, Self.newAnon))
        let report = try #require(timeline.ingest(snapshot: read(200, 260, F.program)))
        #expect(report.unexplainedCount == 0 && report.expected.isEmpty)
        #expect(AddressSpaceEditor.sameLayout(timeline.currentRegions, Self.withNewAnon))
    }

    @Test func anUnmapSeenByTheReadIsNotUnexplained() throws {
        let timeline = timeline()
        let libcData = MemoryEventKind.munmap(address: 0x7f00_0010_4000, length: 0x1000)
        timeline.apply(F.event(220, libcData))
        let without = F.program.filter { $0.start != 0x7f00_0010_4000 }
        let report = try #require(timeline.ingest(snapshot: read(200, 240, without)))
        #expect(report.unexplainedCount == 0)
        #expect(AddressSpaceEditor.sameLayout(timeline.currentRegions, without))
    }

    @Test func aChangeNoEventInTheWindowMadeIsStillUnexplained() throws {
        let timeline = timeline()
        // An mprotect elsewhere happened during the read, but nothing mapped the new range.
        timeline.apply(F.event(230, .mprotect(address: 0x40_3000, length: 0x1000, protection: .read)))
        let report = try #require(timeline.ingest(snapshot: read(200, 260, Self.withNewAnon)))
        #expect(report.unexplainedCount == 1)
        #expect(report.unexplained.first?.start == Self.slot)
    }

    @Test func anEventLongAfterTheReadExcusesNothing() throws {
        let timeline = timeline()
        // Mapped 500 ns after the read ended: past the allowance, it cannot be in the snapshot.
        timeline.apply(F.event(760, Self.newAnon))
        let report = try #require(timeline.ingest(snapshot: read(200, 260, Self.withNewAnon)))
        #expect(report.unexplainedCount == 1)
    }

    @Test func partsOfADifferenceMayReflectDifferentMomentsOfTheRead() throws {
        let timeline = timeline()
        // maps is read in address order: the lower page was read after the first mmap and
        // before its munmap, the higher one after the last mmap. No single moment of the events
        // looks like that snapshot, but each part of it matches one.
        let low = Self.slot, high = Self.slot + 0x1000
        timeline.apply(F.event(210, .mmap(address: low, length: 0x1000, protection: F.rw, flags: F.anonRW,
                                          fd: -1, offset: 0, file: nil)))
        timeline.apply(F.event(215, .munmap(address: low, length: 0x1000)))
        timeline.apply(F.event(220, .mmap(address: high, length: 0x1000, protection: .read, flags: F.anonRW,
                                          fd: -1, offset: 0, file: nil)))
        let actual = F.replacing(0, in: F.program, with: [F.anon(low, low + 0x1000),
                                                           F.anon(high, high + 0x1000, "r--p")])
        let report = try #require(timeline.ingest(snapshot: read(200, 260, actual)))
        #expect(report.unexplainedCount == 0, "\(report.unexplained)")
        let after = F.replacing(0, in: F.program, with: [F.anon(high, high + 0x1000, "r--p")])
        #expect(AddressSpaceEditor.sameLayout(timeline.currentRegions, after), "\(F.describe(timeline.currentRegions))")
    }

    @Test func aMoveAndAReuseOfItsOldPlaceBothSeenLeaveTheModelRight() throws {
        // realloc moves a read-only file-backed block to a new place, then a new anonymous
        // mapping lands where it was; the read saw both. Re-applying the move on top of the
        // snapshot would take the new mapping's attributes for the moved block.
        let start = F.replacing(0, in: F.program, with: [F.file(Self.slot, Self.slot + 0x2000, "r--p", "/data/f", inode: 7)])
        let timeline = Timeline(pid: 42, inFlightAllowance: 50)
        timeline.ingest(snapshot: F.snapshot(100, start))
        let target: UInt64 = 0x7f00_0020_0000
        timeline.apply(F.event(210, .mremap(oldAddress: Self.slot, oldLength: 0x2000, newAddress: target,
                                           newLength: 0x2000, flags: 3)))
        timeline.apply(F.event(220, .mmap(address: Self.slot, length: 0x2000, protection: F.rw, flags: F.anonRW,
                                          fd: -1, offset: 0, file: nil)))
        let actual = F.replacing(0, in: F.program, with: [
            F.anon(Self.slot, Self.slot + 0x2000),
            F.file(target, target + 0x2000, "r--p", "/data/f", inode: 7),
        ])
        let report = try #require(timeline.ingest(snapshot: read(200, 260, actual)))
        #expect(report.unexplainedCount == 0, "\(report.unexplained)")
        #expect(AddressSpaceEditor.sameLayout(timeline.currentRegions, actual), "\(F.describe(timeline.currentRegions))")
        let next = try #require(timeline.ingest(snapshot: read(400, 410, actual)))
        #expect(next.unexplainedCount == 0, "\(next.unexplained)")
    }

    @Test func kernelLayoutsHaveNoReadWindow() throws {
        let timeline = timeline()
        timeline.apply(F.event(230, Self.newAnon))
        // An exact snapshot stamped 200 cannot contain a change stamped 230.
        let exact = AddressSpaceSnapshot(timestamp: 200, pid: 42, regions: Self.withNewAnon, origin: .kernel(.exit))
        let report = try #require(timeline.ingest(snapshot: exact))
        #expect(report.unexplainedCount == 1)
    }

    @Test func anExecLayoutIsAdoptedAsTheNewImage() throws {
        let timeline = timeline()
        timeline.apply(F.event(300, .exec(filename: "/usr/bin/other")))
        #expect(timeline.needsFreshSnapshot)
        let image = [F.file(0x55_0000_0000, 0x55_0000_2000, "r-xp", "/usr/bin/other", inode: 30),
                     F.stack(0x7ffe_0000_0000, 0x7ffe_0002_1000)]
        let layout = AddressSpaceSnapshot(timestamp: 300, pid: 42, regions: image, origin: .kernel(.exec))
        let report = try #require(timeline.ingest(snapshot: layout, comparing: false))
        #expect(report.isInitial && report.unexplainedCount == 0 && report.expected.isEmpty)
        #expect(report.execSinceLastSnapshot)
        #expect(!timeline.needsFreshSnapshot)
        #expect(timeline.currentRegions == image)
    }
}
