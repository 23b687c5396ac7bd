import VMScopeCore
@testable import VMScopeTUI

/// Drives a `ProcessViewModel` the way the run loop does: events are applied to a Timeline that
/// started from the demo layout, then handed to the model with the batch's `now`. The clock is
/// a number the test moves.
final class ProcessViewModelFeed {
    static let pid: Int32 = 4242
    static let heapEnd: UInt64 = 0x5555_555b_c000
    static let anonStart: UInt64 = 0x7fff_f7d5_e000
    static let mib: UInt64 = 1 << 20

    let timeline = Timeline(pid: pid, classify: { RegionClassifier.classify($0, executablePath: SampleStates.demoPath) })
    let model: ProcessViewModel
    /// CLOCK_MONOTONIC ns as the test has it; events are stamped with it.
    var now: UInt64 = 10_000_000_000

    init(keepsLabel: Bool = false) {
        model = ProcessViewModel(pid: Self.pid, commandLine: SampleStates.demoPath, keepsLabel: keepsLabel,
                                 startedAt: now)
        timeline.ingest(snapshot: AddressSpaceSnapshot(timestamp: now, pid: Self.pid, regions: SampleStates.demoRegions))
        model.noteSnapshot(timeline: timeline, now: now)
    }

    /// One drain: `kinds` stamped a microsecond apart from `now` (which moves past them).
    @discardableResult
    func take(_ kinds: [MemoryEventKind], tid: Int32 = pid) -> Bool {
        var events: [MemoryEvent] = []
        for kind in kinds {
            now += 1_000
            // As the monitor does: judged against the layout before it (collisions), then applied.
            var event = MemoryEvent(timestamp: now, tgid: Self.pid, tid: tid, kind: kind)
            timeline.annotate(&event)
            timeline.apply(event)
            events.append(event)
        }
        return model.take(events, timeline: timeline, now: now)
    }

    /// One drain of one call that made the kernel's `searches` for room (as the eBPF source
    /// reports them; the Timeline measures the failed ones).
    @discardableResult
    func take(_ kind: MemoryEventKind, searches: [GapSearch]) -> Bool {
        now += 1_000
        var event = MemoryEvent(timestamp: now, tgid: Self.pid, tid: Self.pid, kind: kind, gapSearches: searches)
        timeline.annotate(&event)
        timeline.apply(event)
        return model.take([event], timeline: timeline, now: now)
    }

    func advance(_ nanoseconds: UInt64) { now += nanoseconds }

    /// What the view would draw now.
    func fill(_ state: LiveViewState = LiveViewState()) -> LiveViewState {
        var state = state
        model.fill(&state, now: now)
        return state
    }

    // MARK: - Events

    /// The heap grows (positive) or shrinks by `delta` bytes from its current end.
    func brk(by delta: Int64) -> MemoryEventKind {
        let old = timeline.currentBreak ?? timeline.currentRegions.first { $0.kind == .heap }!.end
        let new = UInt64(Int64(old) + delta)
        return .brk(oldBreak: old, newBreak: new, requested: new)
    }

    static func anonymousMmap(_ address: UInt64, _ length: UInt64) -> MemoryEventKind {
        .mmap(address: address, length: length, protection: [.read, .write], flags: [.private, .anonymous],
              fd: -1, offset: 0, file: nil)
    }

    static func failedMunmap(_ address: UInt64, errno: Int32 = 22) -> MemoryEventKind {
        .failed(syscall: .munmap, errno: errno, address: address, length: 0x1000)
    }

    static func faults(_ bucket: UInt64, _ count: UInt64) -> MemoryEventKind {
        .faultCounts(bucketAddress: bucket, bucketSize: 0x1_0000, count: count)
    }
}
