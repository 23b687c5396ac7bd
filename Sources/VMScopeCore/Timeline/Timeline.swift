/// The model's truth about one process: the last `/proc` snapshot plus the events applied since.
///
/// Between snapshots, `currentRegions` is the snapshot with the events applied. When a new
/// snapshot arrives, `ingest(snapshot:)` compares what the events predicted with what the kernel
/// shows, reports the differences, and adopts the snapshot as the new base.
///
/// Events and snapshots share CLOCK_MONOTONIC nanoseconds. An event stamped at or before the base
/// snapshot is already reflected in it, however late it was delivered, so it is never applied to
/// the layout (it still counts in the statistics). Events stamped after a snapshot but delivered
/// before it was ingested wait and are applied on top of it.
///
/// Single-threaded: owned by the run loop, like the event sources.
public final class Timeline {
    /// Re-derives region kinds for a layout (the app passes `RegionClassifier`'s).
    public typealias Classifier = ([Region]) -> [Region]

    /// The thread-group id followed; events for other processes are ignored. nil takes all.
    public let pid: Int32?
    private let classify: Classifier

    // MARK: Layout

    /// The snapshot the current layout starts from.
    public private(set) var lastSnapshot: AddressSpaceSnapshot?
    /// Layout-changing events stamped after `lastSnapshot`, in timestamp order (stable for
    /// equal stamps): the queue a new snapshot is reconciled against.
    public private(set) var eventsSinceSnapshot: [MemoryEvent] = []
    private var editor = AddressSpaceEditor()
    private var classifiedRegions: [Region]?
    /// Where the image and the heap are, for `annotate`: taken from each adopted snapshot.
    public private(set) var collisionDetector = CollisionDetector()

    /// An exec replaced the layout or events were lost: only a snapshot can say what is mapped.
    /// The sampler should read /proc now.
    public private(set) var needsFreshSnapshot = false

    // MARK: Reconciliation

    public private(set) var lastReport: ReconcileReport?
    /// Unexplained differences over all reconciliations.
    public private(set) var totalUnexplained = 0
    /// Lost-record reports the last snapshot did not rule out: (timestamp, count, and whether a
    /// snapshot's report has counted them already). A loss reported after a snapshot was taken
    /// may hide changes after it too, so it still explains differences at the next snapshot;
    /// but it is counted once, by the first report after it.
    private var lostReports: [(timestamp: UInt64, count: UInt64, reported: Bool)] = []
    private var lateEventsSinceSnapshot = 0
    /// Layout events never applied because a snapshot already showed them.
    public private(set) var lateEventsIgnored = 0
    public private(set) var totalLost: UInt64 = 0

    // MARK: Statistics

    /// The program break from the latest brk event (exact, unlike the heap's page-aligned end).
    public private(set) var currentBreak: UInt64?
    private var currentBreakTimestamp: UInt64 = 0
    public private(set) var exitStatus: Int32?
    public private(set) var eventCounts: [TimelineEventCategory: Int] = [:]
    public private(set) var totalEvents = 0
    private var rate: TimelineEventRate
    /// Fault counts by address, from the kernel's aggregated `.faultCounts` only: the sampled
    /// `.pageFault` records are a subset of the same faults and would count them twice.
    public private(set) var faults = TimelineFaultLedger()
    /// Sampled faults (`.pageFault`), oldest first, trimmed to a window. Not what the live
    /// view's heat strip draws: that is built from the exact `.faultCounts` (ProcessViewModel's
    /// `heat`). Trimming is amortised, so entries up to 1¼ windows old may remain.
    public private(set) var recentFaults: [TimelineRecentFault] = []
    public let recentFaultWindow: UInt64
    public let recentFaultLimit: Int

    /// How long after a /proc read ended a record may still be stamped for a change the read
    /// saw: the probe stamps a record just after the change (in the same system call), so this
    /// only has to cover a thread preempted between the two.
    public static let defaultInFlightAllowance: UInt64 = 10_000_000
    public let inFlightAllowance: UInt64

    /// - Parameters:
    ///   - pid: the process followed; nil accepts events for any process.
    ///   - classify: run on the predicted layout so region kinds stay right between snapshots.
    ///   - rateWindowSeconds: span the events-per-second rate averages over.
    ///   - recentFaultWindow: nanoseconds a sampled fault stays in `recentFaults`.
    ///   - recentFaultLimit: most entries kept in `recentFaults`.
    public init(pid: Int32? = nil, classify: @escaping Classifier = { $0 },
                rateWindowSeconds: UInt64 = 5, recentFaultWindow: UInt64 = 10_000_000_000,
                recentFaultLimit: Int = 8192, inFlightAllowance: UInt64 = Timeline.defaultInFlightAllowance) {
        self.pid = pid
        self.inFlightAllowance = inFlightAllowance
        self.classify = classify
        self.rate = TimelineEventRate(windowSeconds: rateWindowSeconds)
        self.recentFaultWindow = recentFaultWindow
        self.recentFaultLimit = max(1, recentFaultLimit)
    }

    // MARK: - Reading

    /// The live layout: last snapshot plus events since, classified. Cached until it changes.
    public var currentRegions: [Region] {
        if let classifiedRegions { return classifiedRegions }
        let classified = classify(editor.regions)
        classifiedRegions = classified
        return classified
    }

    /// The live layout as a snapshot stamped with the latest event applied (or the base's time).
    public var currentSnapshot: AddressSpaceSnapshot {
        let timestamp = max(eventsSinceSnapshot.last?.timestamp ?? 0, lastSnapshot?.timestamp ?? 0)
        return AddressSpaceSnapshot(timestamp: timestamp, pid: pid ?? lastSnapshot?.pid ?? 0,
                                    regions: currentRegions)
    }

    public var hasExited: Bool { exitStatus != nil }

    /// The region of the live layout holding `address` (unclassified: kinds are not needed to
    /// find a file and its offset). O(log regions).
    public func region(containing address: UInt64) -> Region? {
        editor.region(containing: address)
    }

    /// Records lost since the last snapshot's report: what the next report counts.
    public var lostSinceLastSnapshot: UInt64 {
        lostReports.reduce(0) { $1.reported ? $0 : $0 &+ $1.count }
    }

    /// Records whose loss may hide a change the next snapshot shows: differences are put down
    /// to them.
    private var lostSuspected: UInt64 {
        lostReports.reduce(0) { $0 &+ $1.count }
    }

    /// Faults counted so far (aggregated counts; see `faults`).
    public var totalFaults: UInt64 { faults.total }

    /// Faults attributed to each region of `regions` (pass `currentRegions`), by address.
    public func faultCounts(for regions: [Region]) -> [UInt64] {
        faults.counts(for: regions)
    }

    /// Faults attributed to `region` of the live layout. Shares of buckets it has with its
    /// neighbours are worked out against the live layout too.
    public func faultCount(in region: Region) -> UInt64 {
        let neighbourhood = editor.indices(overlapping: faults.reach(of: region.start..<region.end))
        let regions = Array(editor.regions[neighbourhood])
        guard let index = regions.firstIndex(where: { $0.start == region.start }) else {
            return faults.counts(for: [region])[0]
        }
        return faults.counts(for: regions)[index]
    }

    /// Average events per second over the rate window ending at `now` (CLOCK_MONOTONIC ns;
    /// default: the latest event's time, which stops the rate decaying when events stop).
    public func eventsPerSecond(now: UInt64? = nil) -> Double {
        rate.eventsPerSecond(now: now)
    }

    // MARK: - Events

    /// Judges a call against the layout just before it (call before `apply`): says on the event
    /// whether it made the heap and the mmap area meet (`collision`), and measures the window of
    /// every failed gap search (free bytes, largest gap), which tells fragmentation (enough free
    /// space, no gap large enough) from an address space that is full. Costs a comparison or
    /// two for a plain call.
    public func annotate(_ event: inout MemoryEvent) {
        if let pid, event.tgid != pid { return }
        if !event.gapSearches.isEmpty {
            for index in event.gapSearches.indices where event.gapSearches[index].failed {
                let free = GapSearch.freeSpace(in: event.gapSearches[index].window, of: editor.regions)
                event.gapSearches[index].freeInWindow = free.total
                event.gapSearches[index].largestGapInWindow = free.largest
            }
        }
        switch event.kind {
        case .failed(.brk, _, _, _), .mmap:
            event.collision = collisionDetector.inspect(event.kind, before: editor.regions, currentBreak: currentBreak,
                                                        gapSearches: event.gapSearches)
        case let .brk(oldBreak, newBreak, _) where collisionDetector.heapStart == nil && newBreak > oldBreak:
            // The first growth of a heap no snapshot has shown yet starts it.
            collisionDetector.heapStart = oldBreak
        default:
            break
        }
    }

    public func apply(contentsOf events: some Sequence<MemoryEvent>) {
        for event in events { apply(event) }
    }

    private static func concernsEveryProcess(_ event: MemoryEvent) -> Bool {
        if event.tgid == 0, case .lost = event.kind { return true }
        return false
    }

    /// Takes one event into the model. Returns whether the live layout changed.
    @discardableResult
    public func apply(_ event: MemoryEvent) -> Bool {
        // Lost-record reports are not about one process (the ring buffer is shared; the probe
        // sends them with tgid 0): every timeline must hear them to explain its differences.
        if let pid, event.tgid != pid, !Self.concernsEveryProcess(event) { return false }
        countStatistics(of: event)
        guard AddressSpaceEditor.changesLayout(event.kind) else { return false }

        if let base = lastSnapshot, event.timestamp <= base.timestamp {
            lateEventsSinceSnapshot += 1
            lateEventsIgnored += 1
            return false
        }
        if let last = eventsSinceSnapshot.last, event.timestamp < last.timestamp {
            // Delivered out of order (records from different CPUs can swap). Keep the queue in
            // timestamp order. If the calls it overtook touched other addresses the order does
            // not matter and it is applied now; otherwise replay from the snapshot so
            // overlapping calls land in the order the kernel made them.
            let index = (eventsSinceSnapshot.lastIndex { $0.timestamp <= event.timestamp } ?? -1) + 1
            eventsSinceSnapshot.insert(event, at: index)
            let overtaken = eventsSinceSnapshot[(index + 1)...]
            if overtaken.allSatisfy({ Self.commute(event.kind, $0.kind) }) {
                editor.apply(event.kind)
            } else {
                editor = replay(eventsSinceSnapshot[...])
            }
        } else {
            eventsSinceSnapshot.append(event)
            editor.apply(event.kind)
        }
        classifiedRegions = nil
        updateFaultLedger(for: event.kind)
        if case .exec = event.kind {
            collisionDetector = CollisionDetector() // a new image: its layout brings the landmarks
            needsFreshSnapshot = true
            currentBreak = nil
            currentBreakTimestamp = event.timestamp
        }
        return true
    }

    private func countStatistics(of event: MemoryEvent) {
        totalEvents += 1
        eventCounts[TimelineEventCategory(event.kind), default: 0] += 1
        rate.record(timestamp: event.timestamp)
        switch event.kind {
        case let .brk(_, newBreak, _):
            // Late brk events must not roll the break back past a newer one.
            if event.timestamp >= currentBreakTimestamp {
                currentBreak = newBreak
                currentBreakTimestamp = event.timestamp
            }
        case let .faultCounts(bucketAddress, bucketSize, count):
            faults.record(address: bucketAddress, size: bucketSize, count: count)
        case let .pageFault(address, _):
            noteRecentFault(address: address, timestamp: event.timestamp)
        case let .lost(count):
            // Drops can hide anything, whatever the report's stamp: distrust the layout until
            // a snapshot taken after the report.
            totalLost &+= count
            lostReports.append((event.timestamp, count, false))
            needsFreshSnapshot = true
        case let .exit(status):
            exitStatus = status
        default:
            break
        }
    }

    /// Memory that was unmapped, replaced or moved takes its fault history along (or drops it).
    private func updateFaultLedger(for kind: MemoryEventKind) {
        guard !faults.isEmpty else { return }
        switch kind {
        case let .mmap(address, length, _, _, _, _, _), let .munmap(address, length),
             let .shmat(address, length, _, _), let .shmdt(address, length),
             let .aioSetup(address, length), let .aioDestroy(address, length):
            faults.forget(AddressSpaceEditor.pageRange(start: address, length: length))
        case let .mremap(oldAddress, oldLength, newAddress, newLength, flags):
            let oldRange = AddressSpaceEditor.pageRange(start: oldAddress, length: oldLength)
            if newAddress != oldAddress, flags & AddressSpaceEditor.remapDontUnmap == 0 {
                faults.move(oldRange, to: newAddress)
            } else if newAddress == oldAddress, newLength < oldLength {
                let kept = AddressSpaceEditor.pageRange(start: oldAddress, length: newLength)
                faults.forget(kept.upperBound..<max(kept.upperBound, oldRange.upperBound))
            }
        case .exec:
            faults.removeAll()
        default:
            break
        }
    }

    private func noteRecentFault(address: UInt64, timestamp: UInt64) {
        let page = AddressSpaceEditor.pageAlignDown(address)
        if let last = recentFaults.last, last.address == page, timestamp >= last.timestamp {
            recentFaults[recentFaults.count - 1].count += 1
            recentFaults[recentFaults.count - 1].timestamp = timestamp
        } else {
            recentFaults.append(TimelineRecentFault(address: page, count: 1, timestamp: timestamp))
        }
        trimRecentFaults(now: timestamp)
    }

    /// Drops sampled faults older than the window. Runs only once the oldest entry is a quarter
    /// window past due (or the list a quarter over its limit), so the cost is amortised.
    public func trimRecentFaults(now: UInt64) {
        let cutoff = now > recentFaultWindow ? now - recentFaultWindow : 0
        let slack = recentFaultWindow / 4
        if let oldest = recentFaults.first, oldest.timestamp &+ slack < cutoff {
            let keep = recentFaults.firstIndex { $0.timestamp >= cutoff } ?? recentFaults.count
            recentFaults.removeFirst(keep)
        }
        if recentFaults.count > recentFaultLimit + recentFaultLimit / 4 {
            recentFaults.removeFirst(recentFaults.count - recentFaultLimit)
        }
    }

    // MARK: - Snapshots

    /// Compares the layout the events predicted for the snapshot's moment with the snapshot,
    /// records the report, and makes the snapshot the new base (events stamped after it are
    /// re-applied on top). The first snapshot is adopted without comparison, and so is any with
    /// `comparing: false` (a kernel layout of a new image). A snapshot older than the current
    /// base is ignored and nil returned.
    ///
    /// A /proc snapshot is a read over `[timestamp, readEnd]`: every change stamped at or before
    /// `timestamp` is in it, and one stamped after it, up to `readEnd` plus `inFlightAllowance`
    /// (a record is stamped just after its change), may be. A difference the prediction at
    /// `timestamp` leaves is unexplained only if no moment of those in-flight changes explains
    /// it, part by part (maps is read in address order while the process runs). Where the
    /// snapshot showed such a change, the new base keeps the state before it, so re-applying
    /// the change on top is exact.
    @discardableResult
    public func ingest(snapshot: AddressSpaceSnapshot, comparing: Bool = true) -> ReconcileReport? {
        if let base = lastSnapshot, snapshot.timestamp < base.timestamp { return nil }
        let moment = snapshot.timestamp
        let split = eventsSinceSnapshot.firstIndex { $0.timestamp > moment }
            ?? eventsSinceSnapshot.count
        let considered = eventsSinceSnapshot[..<split]
        let remaining = Array(eventsSinceSnapshot[split...])
        let lost = lostSinceLastSnapshot
        let execHappened = considered.contains { if case .exec = $0.kind { true } else { false } }
        let compared = comparing && lastSnapshot != nil

        var outcome = Reconciler.Outcome(unexplained: [], expected: [])
        var base = snapshot.regions
        if compared {
            // The live layout is the prediction unless events stamped after the snapshot are
            // already applied; then replay without them.
            let predicted = remaining.isEmpty ? editor : replay(considered)
            outcome = Reconciler.compare(predicted: predicted.regions, actual: snapshot.regions,
                                         lostEvents: lostSuspected, execHappened: execHappened)
            let inFlightEnd: UInt64 = snapshot.origin == .proc ? snapshot.readEnd &+ inFlightAllowance : moment
            let inFlight = remaining.prefix { $0.timestamp <= inFlightEnd }
            if !inFlight.isEmpty {
                base = settleInFlight(&outcome, predicted: predicted, inFlight: inFlight, actual: snapshot.regions)
            }
        }
        let report = ReconcileReport(
            previousSnapshotTimestamp: compared ? lastSnapshot?.timestamp : nil, snapshotTimestamp: moment,
            eventsApplied: considered.count, lateEventsIgnored: lateEventsSinceSnapshot,
            lostSinceLastSnapshot: lost, execSinceLastSnapshot: execHappened,
            unexplained: outcome.unexplained, expected: outcome.expected)
        lastReport = report
        totalUnexplained += report.unexplainedCount

        var adopted = snapshot
        adopted.regions = base.count == snapshot.regions.count && base == snapshot.regions ? base : classify(base)
        lastSnapshot = adopted
        collisionDetector = CollisionDetector(classifiedRegions: adopted.regions)
        eventsSinceSnapshot = remaining
        editor = replay(remaining[...], guardingInitialRead: !compared)
        classifiedRegions = remaining.isEmpty ? adopted.regions : nil
        lateEventsSinceSnapshot = 0
        // A loss reported after the snapshot was taken may hide events after it too.
        lostReports.removeAll { $0.timestamp <= moment }
        for index in lostReports.indices { lostReports[index].reported = true }
        needsFreshSnapshot = !lostReports.isEmpty
            || remaining.contains { if case .exec = $0.kind { true } else { false } }
        return report
    }

    /// Moves the differences (unexplained, or put down to lost records) that some moment of the
    /// in-flight events explains into the expected ones, and returns the new base: the snapshot,
    /// with the state before those events wherever the snapshot already showed them.
    private func settleInFlight(_ outcome: inout Reconciler.Outcome, predicted: AddressSpaceEditor,
                                inFlight: ArraySlice<MemoryEvent>, actual: [Region]) -> [Region] {
        let candidates = outcome.unexplained + outcome.expected.filter { $0.explanation == .eventsLost }
        guard !candidates.isEmpty else { return actual }
        // What of each difference no moment has explained yet.
        var open = candidates.map { [$0.start..<$0.end] }
        var moment = predicted
        for event in inFlight where AddressSpaceEditor.changesLayout(event.kind) {
            moment.apply(event.kind)
            for index in open.indices where !open[index].isEmpty {
                open[index] = open[index].flatMap {
                    Reconciler.mismatches(predicted: moment.regions, actual: actual, within: $0)
                }
            }
            if open.allSatisfy(\.isEmpty) { break }
        }
        var settled: [ReconcileDifference] = []
        var unexplained: [ReconcileDifference] = []
        var expected = outcome.expected.filter { $0.explanation != .eventsLost }
        for (difference, rest) in zip(candidates, open) {
            if rest.isEmpty {
                var changed = difference
                changed.explanation = .changedDuringRead
                settled.append(changed)
            } else if difference.explanation == nil {
                unexplained.append(difference)
            } else {
                expected.append(difference)
            }
        }
        outcome.unexplained = unexplained
        outcome.expected = (expected + settled).sorted { $0.start < $1.start }
        guard !settled.isEmpty else { return actual }
        var base = AddressSpaceEditor(regions: actual)
        for difference in settled {
            let range = difference.start..<difference.end
            base.replace(range, with: Reconciler.clip(predicted.regions, to: range))
        }
        return base.regions
    }

    /// Whether applying `a` then `b` gives the same layout as `b` then `a`: true when the
    /// address ranges each reads or writes are disjoint. brk and exec depend on the whole layout
    /// (where the heap is, everything), so they commute with nothing.
    static func commute(_ a: MemoryEventKind, _ b: MemoryEventKind) -> Bool {
        guard let first = touchedRanges(a), let second = touchedRanges(b) else { return false }
        return !first.contains { range in second.contains { $0.overlaps(range) } }
    }

    /// The ranges an event reads or writes; nil when it depends on more than its arguments say.
    private static func touchedRanges(_ kind: MemoryEventKind) -> [Range<UInt64>]? {
        switch kind {
        case let .mmap(address, length, _, _, _, _, _), let .munmap(address, length),
             let .mprotect(address, length, _), let .pkeyMprotect(address, length, _, _),
             let .shmat(address, length, _, _), let .shmdt(address, length),
             let .aioSetup(address, length), let .aioDestroy(address, length):
            return [AddressSpaceEditor.pageRange(start: address, length: length)]
        case let .mremap(oldAddress, oldLength, newAddress, newLength, _):
            // The old mapping's attributes are read from the page at oldAddress even when
            // oldLength is 0, so that page counts as touched.
            let old = AddressSpaceEditor.pageRange(start: oldAddress, length: max(oldLength, 1))
            return [old, AddressSpaceEditor.pageRange(start: newAddress, length: newLength)]
        case .brk, .exec, .layout:
            return nil
        case .madvise, .memoryLock, .mseal, .pageFault, .faultCounts, .failed, .fork, .execStarted,
             .exit, .lost:
            return []
        }
    }

    /// The base snapshot's layout with `events` applied in order.
    ///
    /// `guardingInitialRead`: the base is a snapshot nothing was compared with, so an event
    /// stamped during its read may already be in it. Re-applying is harmless for every call but
    /// a move (mremap) whose old place is already empty and new place already mapped: taking
    /// the attributes from nothing would be wrong, and the snapshot already shows the move.
    private func replay(_ events: ArraySlice<MemoryEvent>, guardingInitialRead: Bool = false) -> AddressSpaceEditor {
        var replayed = AddressSpaceEditor(regions: lastSnapshot?.regions ?? [])
        let readEnd = (lastSnapshot?.readEnd ?? 0) &+ inFlightAllowance
        for event in events {
            if guardingInitialRead, event.timestamp <= readEnd,
               case let .mremap(oldAddress, oldLength, newAddress, newLength, flags) = event.kind,
               newAddress != oldAddress, flags & AddressSpaceEditor.remapDontUnmap == 0,
               replayed.indices(overlapping: AddressSpaceEditor.pageRange(start: oldAddress, length: max(oldLength, 1))).isEmpty,
               replayed.covers(AddressSpaceEditor.pageRange(start: newAddress, length: newLength)) {
                continue
            }
            replayed.apply(event.kind)
        }
        return replayed
    }
}
