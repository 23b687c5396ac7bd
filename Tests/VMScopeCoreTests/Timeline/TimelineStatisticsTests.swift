import Testing
@testable import VMScopeCore

/// Faults, break, counts and rate.
@Suite struct TimelineStatisticsTests {
    typealias F = TimelineFixture
    static let second: UInt64 = 1_000_000_000

    @Test func onlyAggregatedCountsCountTowardTotals() {
        let timeline = Timeline(pid: 42)
        timeline.ingest(snapshot: F.snapshot(100, F.program))
        timeline.apply(F.event(110, .pageFault(address: 0x100_0123, errorCode: 6)))
        timeline.apply(F.event(111, .pageFault(address: 0x100_0456, errorCode: 6)))
        timeline.apply(F.event(112, .pageFault(address: 0x7f00_0000_1000, errorCode: 6)))
        timeline.apply(F.event(120, .faultCounts(bucketAddress: 0x100_0000, bucketSize: 0x1000, count: 40)))
        timeline.apply(F.event(120, .faultCounts(bucketAddress: 0x101_0000, bucketSize: 0x1000, count: 2)))
        timeline.apply(F.event(120, .faultCounts(bucketAddress: 0x7f00_0000_0000, bucketSize: 0x1000, count: 5)))
        #expect(timeline.totalFaults == 47)
        let counts = timeline.faultCounts(for: timeline.currentRegions)
        let heapIndex = timeline.currentRegions.firstIndex { $0.pathname == "[heap]" }!
        #expect(counts[heapIndex] == 42)
        #expect(counts[heapIndex + 1] == 5)
        #expect(counts.reduce(0, +) == 47)
        // Samples on one page fold together; positions are page-aligned.
        #expect(timeline.recentFaults == [
            TimelineRecentFault(address: 0x100_0000, count: 2, timestamp: 111),
            TimelineRecentFault(address: 0x7f00_0000_1000, count: 1, timestamp: 112),
        ])
    }

    @Test func unmappedMemoryForgetsItsFaultsAndMovedMemoryTakesThem() {
        let timeline = Timeline(pid: 42)
        timeline.ingest(snapshot: F.snapshot(100, F.program))
        timeline.apply(F.event(110, .faultCounts(bucketAddress: 0x7f00_0000_0000, bucketSize: 0x1000, count: 5)))
        timeline.apply(F.event(110, .faultCounts(bucketAddress: 0x7f00_0010_0000, bucketSize: 0x1000, count: 3)))
        timeline.apply(F.event(120, .mremap(oldAddress: 0x7f00_0000_0000, oldLength: 0x10000,
                                            newAddress: 0x7f00_0040_0000, newLength: 0x10000, flags: 3)))
        let moved = timeline.currentRegions.first { $0.start == 0x7f00_0040_0000 }!
        #expect(timeline.faultCount(in: moved) == 5)
        timeline.apply(F.event(130, .munmap(address: 0x7f00_0010_0000, length: 0x5000)))
        #expect(timeline.faults.counts(for: [F.anon(0x7f00_0010_0000, 0x7f00_0010_5000)]) == [0])
        #expect(timeline.totalFaults == 8)
    }

    @Test func aBucketSpanningRegionsIsSharedByBytesMapped() {
        var ledger = TimelineFaultLedger()
        ledger.record(address: 0x1_0000, size: 0x1_0000, count: 100)    // 64 KiB, as the probe sends
        ledger.record(address: 0x5_0000, size: 0x1_0000, count: 7)      // over a gap only
        let regions = [F.anon(0x1_0000, 0x1_4000), F.anon(0x1_8000, 0x3_0000, "r--p")]
        #expect(ledger.counts(for: regions) == [33, 67])
        #expect(ledger.total == 107)

        let timeline = Timeline(pid: 42)
        timeline.ingest(snapshot: F.snapshot(100, regions))
        timeline.apply(F.event(110, .faultCounts(bucketAddress: 0x1_0000, bucketSize: 0x1_0000, count: 100)))
        #expect(timeline.faultCount(in: regions[1]) == 67)
        #expect(timeline.faultCounts(for: timeline.currentRegions) == [33, 67])
        // Unmapping part of a bucket keeps it for the part still mapped.
        timeline.apply(F.event(120, .munmap(address: 0x1_0000, length: 0x4000)))
        #expect(timeline.faultCounts(for: timeline.currentRegions) == [100])
    }

    @Test func recentFaultsAreTrimmedByAge() {
        let timeline = Timeline(pid: 42, recentFaultWindow: 10 * Self.second)
        for index in 0..<20 {
            timeline.apply(F.event(UInt64(index) * Self.second, .pageFault(address: UInt64(index) << 12, errorCode: 4)))
        }
        // Trimming is amortised: nothing older than 1¼ windows survives.
        #expect(timeline.recentFaults.allSatisfy { $0.timestamp + 12_500_000_000 >= 19 * Self.second })
        #expect(timeline.recentFaults.last?.timestamp == 19 * Self.second)
        timeline.trimRecentFaults(now: 40 * Self.second)
        #expect(timeline.recentFaults.isEmpty)
    }

    @Test func theBreakFollowsTheNewestBrk() {
        let timeline = Timeline(pid: 42)
        timeline.ingest(snapshot: F.snapshot(100, F.program))
        #expect(timeline.currentBreak == nil)
        timeline.apply(F.event(150, .brk(oldBreak: 0x102_1000, newBreak: 0x102_3456, requested: 0x102_3456)))
        timeline.apply(F.event(140, .brk(oldBreak: 0x102_0000, newBreak: 0x102_1000, requested: 0x102_1000)))
        #expect(timeline.currentBreak == 0x102_3456)
        #expect(timeline.currentRegions.first { $0.pathname == "[heap]" }?.end == 0x102_4000)
    }

    @Test func eventsAreCountedPerKindAndRated() {
        let timeline = Timeline(pid: 42, rateWindowSeconds: 5)
        for index in 0..<50 {
            timeline.apply(F.event(10 * Self.second + UInt64(index) * 100_000_000,
                                   .munmap(address: 0x1_0000_0000, length: 0x1000)))
        }
        timeline.apply(F.event(15 * Self.second, .fork(childPid: 43, isThread: true)))
        #expect(timeline.eventCounts[.munmap] == 50)
        #expect(timeline.eventCounts[.fork] == 1)
        #expect(timeline.totalEvents == 51)
        // Seconds 11-15 of the window hold 41 events (10 of the 50 fell in second 10).
        #expect(timeline.eventsPerSecond() == 41.0 / 5)
        #expect(timeline.eventsPerSecond(now: 100 * Self.second) == 0)
    }
}
