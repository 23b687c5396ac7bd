import Testing
@testable import VMScopeCore

/// The diff between two moments of one address space, from hand-built layouts and the events
/// between them: each kind of change, which events it is put down to, and the totals.
@Suite struct AddressSpaceDiffTests {
    typealias F = DiffFixtures

    @Test func noChangeGivesNoChangeAndUnchangedTotals() {
        let layout = [F.heap(0x21000), F.libraryText, F.anon(F.anonStart, F.mib)]
        let diff = AddressSpaceDiff(before: layout, after: layout)
        #expect(diff.isEmpty)
        #expect(diff.changedTotals.isEmpty)
        #expect(diff.overall.sizeDelta == 0)
        #expect(diff.totals.map(\.kind) == [.heap, .anonymous, .libraryText])
    }

    @Test func heapGrownByBrkKeepsItsStartAndListsTheBrk() {
        let brk = F.event(10, .brk(oldBreak: F.heapStart + 0x21000, newBreak: F.heapStart + 0x42000,
                                   requested: F.heapStart + 0x42000))
        let unrelated = F.mmap(11, F.anonStart, F.mib)
        let diff = AddressSpaceDiff(before: [F.heap(0x21000), F.libraryText],
                                    after: [F.heap(0x42000), F.libraryText], events: [brk, unrelated])
        #expect(diff.changes.count == 1)
        let change = diff.changes[0]
        #expect(change.kinds == .grown)
        #expect(change.sizeDelta == 0x21000)
        #expect(change.range == F.heapStart..<(F.heapStart + 0x42000))
        #expect(change.events == [brk])
        #expect(diff.totals.first { $0.kind == .heap }?.sizeDelta == 0x21000)
        #expect(diff.changedTotals.map(\.kind) == [.heap])
    }

    @Test func heapShrunkByBrk() {
        let brk = F.event(10, .brk(oldBreak: F.heapStart + 0x42000, newBreak: F.heapStart + 0x21000,
                                   requested: F.heapStart + 0x21000))
        let diff = AddressSpaceDiff(before: [F.heap(0x42000)], after: [F.heap(0x21000)], events: [brk])
        #expect(diff.changes.map(\.kinds) == [.shrunk])
        #expect(diff.changes[0].sizeDelta == -0x21000)
        #expect(diff.changes[0].events == [brk])
    }

    @Test func newAnonymousMappingIsAddedWithItsMmap() {
        let map = F.mmap(5, F.anonStart, F.mib)
        let diff = AddressSpaceDiff(before: [F.libraryText], after: [F.libraryText, F.anon(F.anonStart, F.mib)],
                                    events: [map])
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].kinds == .added)
        #expect(diff.changes[0].before.isEmpty)
        #expect(diff.changes[0].sizeDelta == Int64(F.mib))
        #expect(diff.changes[0].events == [map])
        #expect(diff.overall.sizeDelta == Int64(F.mib))
    }

    /// The kernel joins a new anonymous mapping to an alike neighbour: maps shows one region
    /// grown, but an mmap made exactly the new part, so that part is reported as added.
    @Test func mmapMergedIntoItsNeighbourIsAddedNotGrown() {
        let existing = F.anon(F.anonStart + F.mib, F.mib)
        let map = F.mmap(5, F.anonStart, F.mib)
        let diff = AddressSpaceDiff(before: [existing], after: [F.anon(F.anonStart, 2 * F.mib)], events: [map])
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].kinds == .added)
        #expect(diff.changes[0].range == F.anonStart..<(F.anonStart + F.mib))
        #expect(diff.changes[0].events == [map])
    }

    /// Growth no mapping call made (an in-place mremap) stays a growth.
    @Test func growthWithoutAnMmapStaysGrown() {
        let remap = F.event(5, .mremap(oldAddress: F.anonStart, oldLength: F.mib, newAddress: F.anonStart,
                                       newLength: 2 * F.mib, flags: 0))
        let diff = AddressSpaceDiff(before: [F.anon(F.anonStart, F.mib)], after: [F.anon(F.anonStart, 2 * F.mib)],
                                    events: [remap])
        #expect(diff.changes.map(\.kinds) == [.grown])
        #expect(diff.changes[0].events == [remap])
    }

    @Test func munmapRemovesTheRegion() {
        let unmap = F.event(7, .munmap(address: F.anonStart, length: F.mib))
        let diff = AddressSpaceDiff(before: [F.libraryText, F.anon(F.anonStart, F.mib)], after: [F.libraryText],
                                    events: [unmap])
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].kinds == .removed)
        #expect(diff.changes[0].after.isEmpty)
        #expect(diff.changes[0].range == F.anonStart..<(F.anonStart + F.mib))
        #expect(diff.changes[0].sizeDelta == -Int64(F.mib))
        #expect(diff.changes[0].events == [unmap])
    }

    @Test func mprotectInTheMiddleSplitsAndReprotects() {
        let start = F.anonStart
        let protect = F.event(3, .mprotect(address: start + 0x1000, length: 0x1000, protection: [.read]))
        let diff = AddressSpaceDiff(
            before: [F.anon(start, 0x3000)],
            after: [F.anon(start, 0x1000), F.anon(start + 0x1000, 0x1000, "r--p"), F.anon(start + 0x2000, 0x1000)],
            events: [protect])
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].kinds == [.split, .protection])
        #expect(diff.changes[0].before.count == 1)
        #expect(diff.changes[0].after.count == 3)
        #expect(diff.changes[0].sizeDelta == 0)
        #expect(diff.changes[0].events == [protect])
    }

    @Test func mprotectOfAWholeRegionIsAProtectionChange() {
        let protect = F.event(3, .mprotect(address: F.anonStart, length: F.mib, protection: []))
        let diff = AddressSpaceDiff(before: [F.anon(F.anonStart, F.mib)],
                                    after: [F.anon(F.anonStart, F.mib, "---p")], events: [protect])
        #expect(diff.changes.map(\.kinds) == [.protection])
    }

    @Test func mprotectUndoneMergesBack() {
        let start = F.anonStart
        let diff = AddressSpaceDiff(before: [F.anon(start, 0x1000), F.anon(start + 0x1000, 0x1000, "r--p")],
                                    after: [F.anon(start, 0x2000)])
        #expect(diff.changes.map(\.kinds) == [[.merged, .protection]])
    }

    @Test func mremapMoveIsFollowedThroughTheEvent() {
        let old = F.anonStart, new = F.anonStart + 0x100_0000
        let move = F.event(4, .mremap(oldAddress: old, oldLength: 2 * F.mib, newAddress: new, newLength: 4 * F.mib,
                                      flags: 1))
        let diff = AddressSpaceDiff(before: [F.libraryText, F.anon(old, 2 * F.mib)],
                                    after: [F.libraryText, F.anon(new, 4 * F.mib)], events: [move])
        #expect(diff.changes.count == 1)
        let change = diff.changes[0]
        #expect(change.kinds == [.moved, .grown])
        #expect(change.rangeBefore == old..<(old + 2 * F.mib))
        #expect(change.range == new..<(new + 4 * F.mib))
        #expect(change.sizeDelta == Int64(2 * F.mib))
        #expect(change.events == [move]) // once, though it touches both ends
    }

    /// Without the event nothing says the two are one mapping: a removal and an addition.
    @Test func aMoveNoEventExplainsIsARemovalAndAnAddition() {
        let old = F.anonStart, new = F.anonStart + 0x100_0000
        let diff = AddressSpaceDiff(before: [F.anon(old, 2 * F.mib)], after: [F.anon(new, 2 * F.mib)])
        #expect(diff.changes.map(\.kinds) == [.removed, .added])
    }

    @Test func fileMappingReplacedByAnonymousMemoryIsRemovedAndAdded() {
        let file = F.region(F.anonStart, F.anonStart + F.mib, "r--p", kind: .file, path: "/data/blob", inode: 7)
        let fixed = F.mmap(2, F.anonStart, F.mib)
        let diff = AddressSpaceDiff(before: [file], after: [F.anon(F.anonStart, F.mib)], events: [fixed])
        #expect(diff.changes.map(\.kinds) == [.removed, .added])
        #expect(diff.changes.allSatisfy { $0.events == [fixed] })
        #expect(diff.changedTotals.map(\.kind) == [.anonymous, .file])
    }

    @Test func residentMemoryChangeAloneIsAnRSSChange() {
        let anon = F.anon(F.anonStart, F.mib)
        let faults = F.event(9, .faultCounts(bucketAddress: F.anonStart, bucketSize: 0x10000, count: 16))
        let elsewhere = F.event(9, .faultCounts(bucketAddress: F.libStart, bucketSize: 0x10000, count: 3))
        let diff = AddressSpaceDiff(before: [F.libraryText, anon], after: [F.libraryText, anon],
                                    residencyBefore: F.residency([(anon, 0x1000), (F.libraryText, 0x8000)]),
                                    residencyAfter: F.residency([(anon, 0x11000), (F.libraryText, 0x8000)]),
                                    events: [faults, elsewhere])
        #expect(diff.changes.count == 1)
        #expect(diff.changes[0].kinds == .rss)
        #expect(diff.changes[0].rssDelta == 0x10000)
        #expect(diff.changes[0].faults == 16)
        #expect(diff.changes[0].events.isEmpty)
        #expect(diff.totals.first { $0.kind == .anonymous }?.rssDelta == 0x10000)
        #expect(diff.totals.first { $0.kind == .libraryText }?.rssDelta == 0)
        #expect(diff.overall.rssDelta == 0x10000)
    }

    @Test func withoutSmapsRSSIsUnknownNotZero() {
        let diff = AddressSpaceDiff(before: [], after: [F.anon(F.anonStart, F.mib)])
        #expect(diff.changes[0].rssAfter == nil)
        #expect(diff.changes[0].rssDelta == nil)
        #expect(diff.overall.rssDelta == nil)
    }

    @Test func addedRegionRSSCountsFromZero() {
        let anon = F.anon(F.anonStart, F.mib)
        let diff = AddressSpaceDiff(before: [], after: [anon], residencyBefore: ResidencyTable(),
                                    residencyAfter: F.residency([(anon, 0x3000)]))
        #expect(diff.changes[0].kinds == .added)
        #expect(diff.changes[0].rssDelta == 0x3000)
    }

    @Test func causesAreCappedAndTheRestCounted() {
        let anon = F.anon(F.anonStart, 0x40000)
        let protects = (0..<20).map {
            F.event(UInt64($0), .mprotect(address: F.anonStart, length: 0x1000, protection: $0 % 2 == 0 ? [.read] : [.read, .write]))
        }
        let diff = AddressSpaceDiff(before: [anon], after: [F.anon(F.anonStart, 0x40000, "r--p")], events: protects,
                                    eventCap: 8)
        #expect(diff.changes[0].events == Array(protects.suffix(8)))
        #expect(diff.changes[0].moreEvents == 12)
        #expect(diff.changes[0].eventCount == 20)
        #expect(diff.eventCount == 20)
    }

    @Test func lostRecordsAndExecsAreCounted() {
        let events = [F.event(1, .lost(count: 5)), F.event(2, .exec(filename: "/bin/true")), F.event(3, .lost(count: 2))]
        let diff = AddressSpaceDiff(before: [], after: [], events: events, eventsNotKept: 4)
        #expect(diff.lostRecords == 7)
        #expect(diff.execs == 1)
        #expect(diff.eventsNotKept == 4)
    }

    /// Failed calls changed nothing and are not causes.
    @Test func failedCallsAreNotCauses() {
        let failed = F.event(1, .failed(syscall: .mmap, errno: 12, address: F.anonStart, length: F.mib))
        let map = F.mmap(2, F.anonStart, F.mib)
        let diff = AddressSpaceDiff(before: [], after: [F.anon(F.anonStart, F.mib)], events: [failed, map])
        #expect(diff.changes[0].events == [map])
    }

    @Test func changesAreInAddressOrder() {
        let diff = AddressSpaceDiff(before: [F.anon(F.anonStart + F.mib, 0x1000)],
                                    after: [F.heap(0x1000), F.anon(F.anonStart, 0x1000)])
        #expect(diff.changes.map(\.range.lowerBound) == [F.heapStart, F.anonStart, F.anonStart + F.mib])
    }
}
