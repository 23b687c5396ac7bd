import Testing
@testable import VMScopeCore

/// Reconciliation: missing events are counted exactly, late events are not applied twice, and
/// known causes (lost records, stack growth, exec) are reported but not counted.
@Suite struct TimelineReconcileTests {
    typealias F = TimelineFixture

    static let newAnon = MemoryEventKind.mmap(address: 0x7f00_0005_0000, length: 0x3000, protection: F.rw,
                                              flags: F.anonRW, fd: -1, offset: 0, file: nil)
    static let withNewAnon = F.replacing(0, in: F.program, with: [F.anon(0x7f00_0005_0000, 0x7f00_0005_3000)])

    func timeline(at timestamp: UInt64 = 100, _ regions: [Region] = F.program) -> Timeline {
        let timeline = Timeline(pid: 42)
        let report = timeline.ingest(snapshot: F.snapshot(timestamp, regions))
        #expect(report?.isInitial == true)
        return timeline
    }

    @Test func aMissingMmapIsOneUnexplainedDifference() throws {
        let timeline = timeline()
        let report = try #require(timeline.ingest(snapshot: F.snapshot(200, Self.withNewAnon)))
        #expect(report.unexplainedCount == 1)
        let difference = try #require(report.unexplained.first)
        #expect(difference.start == 0x7f00_0005_0000 && difference.end == 0x7f00_0005_3000)
        #expect(difference.mismatch == .onlyInSnapshot(permissions: F.perms("rw-p"), pathname: ""))
        #expect(difference.description.hasPrefix("7f0000050000-7f0000053000 only-in-snapshot"))
        #expect(timeline.totalUnexplained == 1)
        #expect(timeline.currentRegions == Self.withNewAnon)
    }

    @Test func missingMunmapAndMprotectAreCountedSeparately() throws {
        let timeline = timeline()
        // Only the mmap is seen; the snapshot also lacks libc's data page (munmap missed) and
        // the program's text became writable (mprotect missed).
        timeline.apply(F.event(150, Self.newAnon))
        var actual = Self.withNewAnon.filter { $0.start != 0x7f00_0010_4000 }
        actual[1].permissions = F.perms("rwxp")
        let report = try #require(timeline.ingest(snapshot: F.snapshot(200, actual)))
        #expect(report.unexplainedCount == 2)
        #expect(report.unexplained.map(\.mismatch.label) == ["permissions", "only-predicted"])
        #expect(report.unexplained[0].start == 0x40_1000 && report.unexplained[0].end == 0x40_3000)
    }

    @Test func eventsStampedBeforeTheSnapshotAreNotAppliedAgain() throws {
        let timeline = timeline()
        let unmap = MemoryEventKind.munmap(address: 0x7f00_0005_0000, length: 0x3000)
        // mmap at 180 and munmap at 190 both happened before the snapshot at 200, but only the
        // munmap was delivered in time; the mmap arrives after the snapshot was ingested.
        timeline.apply(F.event(190, unmap))
        let report = try #require(timeline.ingest(snapshot: F.snapshot(200, F.program)))
        #expect(report.unexplainedCount == 0)
        #expect(timeline.apply(F.event(180, Self.newAnon)) == false)
        #expect(timeline.lateEventsIgnored == 1)
        #expect(timeline.currentRegions == F.program)
        let next = try #require(timeline.ingest(snapshot: F.snapshot(300, F.program)))
        #expect(next.unexplainedCount == 0)
        #expect(next.lateEventsIgnored == 1)
        #expect(timeline.eventCounts[.mmap] == 1 && timeline.eventCounts[.munmap] == 1)
    }

    @Test func eventsStampedAfterTheSnapshotWaitForTheNextOne() throws {
        let timeline = timeline()
        // Delivered before the snapshot at 200 was ingested, but made after it was read.
        timeline.apply(F.event(250, Self.newAnon))
        #expect(timeline.currentRegions == Self.withNewAnon)
        let report = try #require(timeline.ingest(snapshot: F.snapshot(200, F.program)))
        #expect(report.unexplainedCount == 0)
        #expect(report.eventsApplied == 0)
        #expect(timeline.eventsSinceSnapshot.count == 1)
        #expect(AddressSpaceEditor.sameLayout(timeline.currentRegions, Self.withNewAnon))
        let next = try #require(timeline.ingest(snapshot: F.snapshot(300, Self.withNewAnon)))
        #expect(next.unexplainedCount == 0 && next.eventsApplied == 1)
    }

    @Test func outOfOrderDeliveryIsReplayedInTimestampOrder() throws {
        let timeline = timeline()
        let readOnly = MemoryEventKind.mprotect(address: 0x7f00_0005_0000, length: 0x3000, protection: .read)
        timeline.apply(F.event(160, readOnly))
        timeline.apply(F.event(150, Self.newAnon))     // happened first, delivered second
        var expected = Self.withNewAnon
        expected[expected.firstIndex { $0.start == 0x7f00_0005_0000 }!].permissions = F.perms("r--p")
        #expect(AddressSpaceEditor.sameLayout(timeline.currentRegions, expected))
        let report = try #require(timeline.ingest(snapshot: F.snapshot(200, expected)))
        #expect(report.unexplainedCount == 0)
    }

    @Test func outOfOrderCallsOnOtherAddressesAreAppliedDirectly() throws {
        let timeline = timeline()
        let unmapLibcData = MemoryEventKind.munmap(address: 0x7f00_0010_4000, length: 0x1000)
        timeline.apply(F.event(160, unmapLibcData))
        timeline.apply(F.event(150, Self.newAnon))
        #expect(timeline.eventsSinceSnapshot.map(\.timestamp) == [150, 160])
        let expected = Self.withNewAnon.filter { $0.start != 0x7f00_0010_4000 }
        #expect(AddressSpaceEditor.sameLayout(timeline.currentRegions, expected))
        #expect(timeline.ingest(snapshot: F.snapshot(200, expected))?.unexplainedCount == 0)
    }

    @Test func callsCommuteOnlyOnDisjointRanges() {
        let unmap = MemoryEventKind.munmap(address: 0x1000, length: 0x1000)
        let protectNext = MemoryEventKind.mprotect(address: 0x2000, length: 0x1000, protection: .read)
        let protectSame = MemoryEventKind.mprotect(address: 0x1000, length: 0x10, protection: .read)
        let moveFromSame = MemoryEventKind.mremap(oldAddress: 0x1000, oldLength: 0, newAddress: 0x9000,
                                                  newLength: 0x1000, flags: 1)
        #expect(Timeline.commute(unmap, protectNext))
        #expect(!Timeline.commute(unmap, protectSame))
        #expect(!Timeline.commute(unmap, moveFromSame))
        #expect(!Timeline.commute(unmap, .brk(oldBreak: 0, newBreak: 0x1000, requested: 0x1000)))
        #expect(!Timeline.commute(unmap, .exec(filename: "/bin/sh")))
    }

    @Test func lostRecordsExplainDifferencesAndAskForASnapshot() throws {
        let timeline = timeline()
        #expect(!timeline.needsFreshSnapshot)
        timeline.apply(F.event(150, .lost(count: 3)))
        #expect(timeline.needsFreshSnapshot)
        #expect(timeline.lostSinceLastSnapshot == 3)
        let report = try #require(timeline.ingest(snapshot: F.snapshot(200, Self.withNewAnon)))
        #expect(report.unexplainedCount == 0)
        #expect(report.lostSinceLastSnapshot == 3)
        #expect(report.explainedByLoss)
        #expect(report.expected.map(\.explanation) == [.eventsLost])
        #expect(!timeline.needsFreshSnapshot)
        #expect(timeline.lostSinceLastSnapshot == 0 && timeline.totalLost == 3)
    }

    @Test func lossReportsForNoProcessInParticularReachEveryTimeline() throws {
        // The probe reports ring-buffer drops with tgid 0; a timeline for pid 42 must count them,
        // while another process's events stay out.
        let timeline = timeline()
        timeline.apply(MemoryEvent(timestamp: 150, tgid: 0, tid: 0, kind: .lost(count: 2)))
        timeline.apply(MemoryEvent(timestamp: 160, tgid: 7, tid: 7, kind: .lost(count: 5)))
        #expect(timeline.lostSinceLastSnapshot == 2)
        let report = try #require(timeline.ingest(snapshot: F.snapshot(200, Self.withNewAnon)))
        #expect(report.unexplainedCount == 0 && report.explainedByLoss)
    }

    @Test func aLossReportedAfterTheSnapshotStillCountsNextTime() throws {
        let timeline = timeline()
        timeline.apply(F.event(250, .lost(count: 1)))
        let first = try #require(timeline.ingest(snapshot: F.snapshot(200, F.program)))
        #expect(first.lostSinceLastSnapshot == 1)
        #expect(timeline.needsFreshSnapshot)
        let report = try #require(timeline.ingest(snapshot: F.snapshot(300, Self.withNewAnon)))
        #expect(report.unexplainedCount == 0 && report.explainedByLoss)
        // Counted once: each report says what was lost since the one before.
        #expect(report.lostSinceLastSnapshot == 0)
        #expect(timeline.totalLost == 1)
    }

    @Test func stackGrowthIsExpected() throws {
        let timeline = timeline()
        let grown = F.replacing(0x7fff_fffd_e000, in: F.program, with: [F.stack(0x7fff_fffb_0000, 0x7fff_ffff_f000)])
        let report = try #require(timeline.ingest(snapshot: F.snapshot(200, grown)))
        #expect(report.unexplainedCount == 0)
        #expect(report.expected.count == 1)
        #expect(report.expected.first?.explanation == .stackGrowth)
        #expect(report.expected.first?.start == 0x7fff_fffb_0000 && report.expected.first?.end == 0x7fff_fffd_e000)
        #expect(!report.explainedByLoss)
    }

    @Test func execReplacesTheLayoutAndItsInitialMappingsAreExpected() throws {
        let timeline = timeline()
        timeline.apply(F.event(150, .exec(filename: "/usr/bin/other")))
        #expect(timeline.needsFreshSnapshot)
        #expect(timeline.currentRegions.isEmpty)
        // ld.so maps libc after the exec; the program, ld.so, stack and vdso came from the kernel.
        let libc = F.file(0x7e00_0000_0000, 0x7e00_0000_4000, "r-xp", "/usr/lib/libc.so.6", offset: 0)
        timeline.apply(F.event(160, .mmap(address: libc.start, length: libc.size, protection: [.read, .execute],
                                          flags: .private, fd: 3, offset: 0, file: MappedFile(path: libc.pathname))))
        let fresh = [
            F.file(0x55_0000_0000, 0x55_0000_2000, "r-xp", "/usr/bin/other", offset: 0, inode: 30),
            libc,
            F.file(0x7e00_0010_0000, 0x7e00_0010_8000, "r-xp", "/usr/lib/ld-linux-x86-64.so.2", offset: 0, inode: 31),
            F.stack(0x7ffe_0000_0000, 0x7ffe_0002_1000),
            F.anon(0x7ffe_0010_0000, 0x7ffe_0010_2000, "r-xp", name: "[vdso]"),
        ]
        let report = try #require(timeline.ingest(snapshot: F.snapshot(200, fresh)))
        #expect(report.execSinceLastSnapshot)
        #expect(report.unexplainedCount == 0)
        #expect(report.expected.count == 4)
        #expect(report.expected.allSatisfy { $0.explanation == .createdAtExec || $0.explanation == .stackGrowth })
        #expect(!timeline.needsFreshSnapshot)
        #expect(timeline.currentRegions == fresh)
    }

    @Test func theClassifierRunsOnThePredictedLayout() {
        let timeline = Timeline(pid: 42, classify: { regions in
            regions.map { region in
                var region = region
                if region.permissions.isNone { region.kind = .guardPage }
                return region
            }
        })
        timeline.ingest(snapshot: F.snapshot(100, F.program))
        timeline.apply(F.event(150, .mmap(address: 0x7f00_0005_0000, length: 0x1000, protection: [],
                                          flags: F.anonRW, fd: -1, offset: 0, file: nil)))
        #expect(timeline.currentRegions.first { $0.start == 0x7f00_0005_0000 }?.kind == .guardPage)
    }

    @Test func eventsBeforeTheFirstSnapshotBuildALayoutAndAreThenDropped() throws {
        let timeline = Timeline(pid: 42)
        timeline.apply(F.event(50, Self.newAnon))
        #expect(timeline.currentRegions == [F.anon(0x7f00_0005_0000, 0x7f00_0005_3000)])
        let report = try #require(timeline.ingest(snapshot: F.snapshot(100, Self.withNewAnon)))
        #expect(report.isInitial && report.unexplainedCount == 0)
        #expect(timeline.eventsSinceSnapshot.isEmpty)
        #expect(timeline.currentRegions == Self.withNewAnon)
    }

    @Test func anOlderSnapshotIsIgnored() {
        let timeline = timeline(at: 500)
        #expect(timeline.ingest(snapshot: F.snapshot(400, [])) == nil)
        #expect(timeline.lastSnapshot?.timestamp == 500)
    }

    @Test func exitKeepsTheLastLayout() {
        let timeline = timeline()
        timeline.apply(F.event(150, .exit(status: 0)))
        #expect(timeline.hasExited && timeline.exitStatus == 0)
        #expect(timeline.currentRegions == F.program)
    }

    @Test func eventsOfOtherProcessesAreIgnored() {
        let timeline = timeline()
        let other = MemoryEvent(timestamp: 150, tgid: 7, tid: 7, kind: Self.newAnon)
        #expect(timeline.apply(other) == false)
        #expect(timeline.totalEvents == 0)
        #expect(timeline.currentRegions == F.program)
    }
}
