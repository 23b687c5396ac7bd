import Glibc
import Testing
import VMScopeCore
@testable import VMScopeTUI

/// One process's picture as the run loop feeds it: the log, fault bursts, flashes, heat, the
/// bar's animation, the gap's trend and the header's facts.
@Suite struct ProcessViewModelTests {
    typealias Feed = ProcessViewModelFeed

    // MARK: Event log

    @Test func identicalConsecutiveCallsFoldIntoOneLineWithACount() {
        let feed = Feed()
        feed.take([Feed.failedMunmap(0x1000), Feed.failedMunmap(0x1000)])
        feed.take([Feed.failedMunmap(0x1000)])
        let events = feed.model.events
        #expect(events.count == 1)
        #expect(events.first?.repeatCount == 3)
        // The line carries the newest call's time.
        #expect(events.first?.timestamp == feed.now)
        #expect(events.first?.category == .failure)
    }

    @Test func aDifferentCallOrThreadBreaksTheFold() {
        let feed = Feed()
        feed.take([Feed.failedMunmap(0x1000), Feed.failedMunmap(0x1000),
                   Feed.failedMunmap(0x1000, errno: 12),
                   Feed.failedMunmap(0x1000), Feed.failedMunmap(0x2000)])
        feed.take([Feed.failedMunmap(0x2000)], tid: 4243)
        let events = feed.model.events
        #expect(events.map(\.repeatCount) == [2, 1, 1, 1, 1])
        #expect(events.map(\.tid) == [4242, 4242, 4242, 4242, 4243])
        #expect(events.map { $0.description.range?.lowerBound } == [0x1000, 0x1000, 0x1000, 0x2000, 0x2000])
    }

    @Test func theLogKeepsItsNewestLinesUpToItsLimit() {
        var log = EventLog(limit: 3)
        for index in 0..<5 {
            log.append(EventLogEntry(timestamp: UInt64(index), seconds: Double(index), tid: 1, category: .mmap,
                                     description: EventDescription(label: "mmap \(index)", range: nil)))
        }
        #expect(log.entries.map(\.timestamp) == [2, 3, 4])
        log.removeAll()
        #expect(log.entries.isEmpty)
    }

    @Test func clearingTheLogKeepsThePicture() {
        let feed = Feed()
        feed.take([Feed.failedMunmap(0x1000), feed.brk(by: 0x1000)])
        feed.model.clearLog()
        let state = feed.fill()
        #expect(state.events.isEmpty)
        #expect(state.regions == feed.timeline.currentRegions)
    }

    // MARK: Fault bursts

    @Test func faultBucketsMakeOneLinePerRegionPerDrain() throws {
        let feed = Feed()
        // Two separate runs in the heap, one run of two buckets in the anonymous mapping.
        feed.take([Feed.faults(0x5555_5556_0000, 10), Feed.faults(0x5555_5558_0000, 5),
                   Feed.faults(0x7fff_f7d6_0000, 7), Feed.faults(0x7fff_f7d7_0000, 1)])
        let events = feed.model.events
        #expect(events.count == 2)
        let heap = try #require(events.first)
        #expect(heap.category == .fault && heap.description.label == "faults")
        #expect(heap.description.count == 15)
        #expect(heap.description.range == 0x5555_5556_0000..<0x5555_5559_0000)
        #expect(heap.description.detail == "in heap [heap]")
        #expect(events.last?.description.count == 8)
        #expect(events.last?.description.range == 0x7fff_f7d6_0000..<0x7fff_f7d8_0000)
        // The next drain into the heap is a line of its own.
        feed.take([Feed.faults(0x5555_5556_0000, 3)])
        #expect(feed.model.events.count == 3)
        #expect(feed.model.events.last?.description.count == 3)
    }

    // MARK: Flashes and heat

    @Test func aFlashFadesAndExpires() {
        let feed = Feed()
        feed.take([Feed.anonymousMmap(0x7fff_f7d0_0000, 0x2_0000), Feed.anonymousMmap(0x1000, 0)])
        var state = feed.fill()
        #expect(state.flashes.first == Flash(range: 0x7fff_f7d0_0000..<0x7fff_f7d2_0000, kind: .mapped, intensity: 1))
        feed.advance(ProcessViewModel.flashDuration / 2)
        state = feed.fill()
        #expect(state.flashes.first?.intensity == 0.5)
        #expect(feed.model.isAnimating(now: feed.now))
        feed.advance(ProcessViewModel.flashDuration / 2)
        state = feed.fill()
        #expect(state.flashes.isEmpty)
        #expect(!feed.model.isAnimating(now: feed.now))
    }

    @Test func unmappingAndFaultingFlashInTheirOwnKinds() {
        let feed = Feed()
        feed.take([.munmap(address: Feed.anonStart, length: 0x1000), Feed.faults(0x5555_5556_0000, 4),
                   .pageFault(address: 0x5555_5556_0010, errorCode: 6)])
        #expect(feed.fill().flashes.map(\.kind) == [.unmapped, .faulted])
    }

    @Test func heatCoversTheWindowAndThenFades() {
        let feed = Feed()
        feed.take([Feed.faults(0x5555_5556_0000, 4)])
        let faultedAt = feed.now
        #expect(feed.model.hasHeat)
        feed.advance(ProcessViewModel.heatWindow / 2)
        feed.take([Feed.faults(0x7fff_f7d6_0000, 9)])
        var state = feed.fill()
        #expect(state.recentFaults.map(\.count) == [4, 9])
        #expect(state.recentFaults.first?.timestamp == faultedAt)
        #expect(state.heatWindow == ProcessViewModel.heatWindow && state.now == feed.now)
        // Exactly a window old still counts; older does not.
        feed.now = faultedAt + ProcessViewModel.heatWindow
        #expect(feed.fill().recentFaults.count == 2)
        feed.now += 1
        state = feed.fill()
        #expect(state.recentFaults.map(\.count) == [9])
        feed.advance(ProcessViewModel.heatWindow)
        #expect(feed.fill().recentFaults.isEmpty)
        #expect(!feed.model.hasHeat)
    }

    /// A process in the background takes events but is never drawn: its heat stays bounded.
    @Test func heatStaysBoundedWhileNeverDrawn() {
        let feed = Feed()
        let buckets = (0..<4096).map { Feed.faults(0x7fff_0000_0000 + UInt64($0) << 16, 1) }
        for _ in 0..<6 { feed.take(buckets) }
        #expect(feed.model.heat.count == ProcessViewModel.heatLimit)
        feed.advance(ProcessViewModel.heatWindow + 1)
        feed.take([Feed.faults(0x5555_5556_0000, 2)])
        #expect(feed.model.heat.count == 1 && feed.model.heat.first?.count == 2)
    }

    // MARK: Animation

    @Test func theBarSlidesFromTheOldLayoutOverItsDuration() {
        let feed = Feed()
        let before = feed.timeline.currentRegions
        feed.take([feed.brk(by: 0x10_0000)])
        var state = feed.fill()
        #expect(state.animationFrom == before)
        #expect(state.animationProgress == 0)
        #expect(state.regions == feed.timeline.currentRegions && state.regions != before)
        feed.advance(BarAnimation.duration / 4)
        state = feed.fill()
        #expect(state.animationProgress == 0.25)
        feed.advance(BarAnimation.duration * 3 / 4)
        state = feed.fill()
        #expect(state.animationFrom == nil && state.animationProgress == 1)
        #expect(!feed.model.isAnimating(now: feed.now + ProcessViewModel.flashDuration))
    }

    @Test func aChangeMidAnimationAnimatesFromTheLayoutBeforeIt() {
        let feed = Feed()
        feed.take([feed.brk(by: 0x10_0000)])
        feed.advance(BarAnimation.duration / 2)
        let beforeSecond = feed.timeline.currentRegions
        feed.take([feed.brk(by: 0x10_0000)])
        var state = feed.fill()
        #expect(state.animationFrom == beforeSecond)
        #expect(state.animationProgress == 0)
        feed.advance(BarAnimation.duration / 2)
        #expect(feed.fill().animationProgress == 0.5)
        // After it ends, the next change animates from the layout then shown.
        feed.advance(BarAnimation.duration)
        #expect(feed.fill().animationFrom == nil)
        let shown = feed.timeline.currentRegions
        feed.take([feed.brk(by: 0x1000)])
        state = feed.fill()
        #expect(state.animationFrom == shown)
    }

    /// A process that changes more often than an animation lasts (the demo, any busy program)
    /// must not keep the bar on the layout its first animation started from.
    @Test func changesFasterThanTheAnimationKeepTheBarCurrent() {
        let feed = Feed()
        for _ in 0..<20 {
            feed.take([feed.brk(by: 0x1_0000)])
            feed.advance(BarAnimation.duration / 3)
        }
        let state = feed.fill()
        var oneStepBack = feed.timeline.currentRegions
        oneStepBack[SampleStates.heapIndex].end -= 0x1_0000
        #expect(state.animationFrom.map { AddressSpaceEditor.sameLayout($0, oneStepBack) } == true,
                "the bar animates the latest change, not one from \(20 * BarAnimation.duration / 3 / 1_000_000) ms ago")
    }

    @Test func eventsThatMoveNothingAndSnapshotsDoNotAnimate() {
        let feed = Feed()
        feed.take([Feed.failedMunmap(0x1000), Feed.faults(0x5555_5556_0000, 1)])
        #expect(feed.fill().animationFrom == nil)
        var grown = SampleStates.demoRegions
        grown[SampleStates.heapIndex].end += 0x1000
        feed.advance(1_000_000)
        feed.timeline.ingest(snapshot: AddressSpaceSnapshot(timestamp: feed.now, pid: Feed.pid, regions: grown))
        feed.model.noteSnapshot(timeline: feed.timeline, now: feed.now)
        let state = feed.fill()
        #expect(state.animationFrom == nil)
        #expect(state.regions[SampleStates.heapIndex].end == Feed.heapEnd + 0x1000)
    }

    // MARK: Gap trend

    @Test func theGapRateIsNegativeWhileHeapAndMmapConverge() {
        let feed = Feed()
        let gap = feed.fill().heapMmapGap
        #expect(gap == Feed.heapEnd..<Feed.anonStart)
        #expect(feed.fill().gapBytesPerSecond == 0)
        // The heap grows a MiB a second, then a mapping lands a MiB below the mmap area.
        feed.advance(1_000_000_000 - 1_000)
        feed.take([feed.brk(by: Int64(Feed.mib))])
        feed.advance(1_000_000_000 - 1_000)
        feed.take([Feed.anonymousMmap(Feed.anonStart - Feed.mib, Feed.mib)])
        let converging = feed.fill()
        #expect(converging.heapMmapGap == Feed.heapEnd + Feed.mib..<Feed.anonStart - Feed.mib)
        #expect(converging.gapBytesPerSecond == -Double(Feed.mib))
        // Giving back the heap opens it again: the newest samples outweigh within the window.
        feed.advance(2_900_000_000)
        feed.take([feed.brk(by: -Int64(2 * Feed.mib))])
        #expect(feed.fill().gapBytesPerSecond > 0)
    }

    @Test func theGapRateForgetsSamplesOlderThanItsWindow() {
        var trend = GapTrend()
        trend.record(10 * Feed.mib, now: 0)
        trend.record(9 * Feed.mib, now: 1_000_000_000)
        #expect(trend.bytesPerSecond == -Double(Feed.mib))
        trend.record(9 * Feed.mib, now: GapTrend.window + 1_000_000_000)
        // The first sample is now older than the window: the gap held still since.
        #expect(trend.bytesPerSecond == 0)
    }

    /// A mapping landing inside the gap moves its edge by terabytes between two samples a
    /// millisecond apart: that is a jump, not a rate of 42 TiB per millisecond.
    @Test func aJumpBetweenCloseSamplesIsAveragedOverAtLeastOneSecond() {
        var trend = GapTrend()
        trend.record(42 << 40, now: 5_000_000_000)
        trend.record(1 << 30, now: 5_001_000_000)
        #expect(trend.bytesPerSecond == -Double((42 << 40) - (1 << 30)))
        #expect(abs(trend.bytesPerSecond) < Double(42 << 40))
    }

    // MARK: Header and ending

    @Test func factsResidencyAndEndingReachTheState() {
        let feed = Feed()
        var state = feed.fill()
        #expect(state.pid == Feed.pid && state.commandLine == SampleStates.demoPath && state.state == "?")
        #expect(state.regionResident.allSatisfy { $0 == nil })
        var facts = ProcessFacts(pid: Feed.pid, command: "demo", commandLine: ["demo", "--fast"], state: ProcessState(letter: "S"),
                                 parentPid: 1, threadCount: 1, startTimeTicks: 0, virtualSize: 1, residentSize: 4096)
        feed.model.setFacts(facts)
        feed.model.noteIdentity(ProcessIdentity(pid: Feed.pid, command: "demo-renamed", startTimeTicks: 0))
        var residency = ResidencyTable()
        let heap = SampleStates.demoRegions[SampleStates.heapIndex]
        residency.add(start: heap.start, end: heap.end, RegionResidency(resident: 0x2000))
        // An entry that no longer matches the anonymous region's extent: no figures for it.
        residency.add(start: Feed.anonStart, end: Feed.anonStart + 0x1000, RegionResidency(resident: 0x1000))
        feed.model.setResidency(residency)
        feed.model.setReadProblem("cannot read maps")
        state = feed.fill()
        #expect(state.commandLine == "demo --fast")
        #expect(state.state == "S (sleeping)" && state.residentSize == 4096)
        #expect(state.regionResident[SampleStates.heapIndex] == 0x2000)
        #expect(state.regionResident[SampleStates.anonIndex] == nil)
        #expect(state.readProblem == "cannot read maps")
        #expect(feed.model.listItem(now: feed.now).name == "demo-renamed")

        feed.model.setEnding(exitStatus: 9, gone: false)
        state = feed.fill()
        #expect(state.exitStatus == 9 && state.state == "killed by SIGKILL")
        #expect(feed.model.hasEnded && feed.model.listItem(now: feed.now).ending == "killed by SIGKILL")
        feed.model.setEnding(exitStatus: nil, gone: true)
        #expect(feed.fill().state == "gone")
        facts.commandLine = ["other"]
        feed.model.setFacts(facts)
        #expect(feed.fill().commandLine == "other")
    }

    @Test("the uptime of a process that ended stays at its end")
    func uptimeFreezesAtTheEnd() {
        let feed = Feed()
        feed.model.setFacts(ProcessFacts(pid: Feed.pid, command: "demo", commandLine: ["demo"],
                                         state: ProcessState(letter: "S"), parentPid: 1, threadCount: 1,
                                         startTimeTicks: 0, virtualSize: 1))
        let running = feed.fill().uptimeSeconds
        usleep(30_000)
        #expect(feed.fill().uptimeSeconds > running, "a running process's uptime counts on")
        feed.model.setEnding(exitStatus: 0, gone: false)
        let ended = feed.fill().uptimeSeconds
        usleep(30_000)
        #expect(feed.fill().uptimeSeconds == ended)
    }

    @Test func aKeptLabelSurvivesWhatProcSays() {
        let feed = Feed(keepsLabel: true)
        feed.model.noteIdentity(ProcessIdentity(pid: Feed.pid, command: "vmscope", startTimeTicks: 0))
        feed.model.setFacts(ProcessFacts(pid: Feed.pid, command: "vmscope", commandLine: ["vmscope", "demo-workload"],
                                         state: ProcessState(letter: "R"), parentPid: 1, threadCount: 1, startTimeTicks: 0, virtualSize: 1))
        #expect(feed.fill().commandLine == SampleStates.demoPath)
        #expect(feed.model.name == "demo")
    }

    @Test func aSelectionPastTheLastRegionMovesToIt() {
        let feed = Feed()
        var state = LiveViewState()
        state.selectedRegion = 500
        state.scale = .logarithmic
        state = feed.fill(state)
        #expect(state.selectedRegion == SampleStates.demoRegions.count - 1)
        #expect(state.scale == .logarithmic)
    }
}
