/// The one monitoring engine every front end drives (`trace`, `layout`, the live view): it drains
/// the event source, keeps one Timeline per watched process lifetime, reads /proc snapshots on
/// its cadence and reconciles them exactly, and follows exec, exit, pid reuse and children.
///
/// A run loop waits (poll(2) on `pollDescriptor`, at most until `nextDeadline()`), then calls
/// `tick()` and hands the updates to its writer or view. Nothing else is policy of the loop.
///
/// Exactness: a /proc read takes time while the process runs. Its snapshot is reconciled only
/// once every record stamped before the read ended (plus the timeline's in-flight allowance) has
/// been drained, and never if an exec was under way during the read (the kernel installs the new
/// image before its exec record is sent): such a read is dropped and taken again after the exec.
///
/// Single-threaded: owned by the run loop, like the source.
public final class ProcessMonitor {
    public let source: EventSource
    public let reader: ProcessReading
    /// Nanoseconds between /proc snapshots of each process.
    public var interval: UInt64
    /// How often `tick` must run to drain a source that only wakes its reader when it fills up.
    public var drainPeriod: UInt64
    /// How long to wait for a started command's exec record before reading /proc anyway.
    public static let execRecordTimeout: UInt64 = 1_000_000_000
    /// How long a read that overlaps an unfinished exec waits for the exec's end.
    public static let execWaitLimit: UInt64 = 5_000_000_000
    /// The share of a core the periodic /proc reads of one process may take. A read of a process
    /// with 60 000 mappings costs tens of milliseconds; at every interval that would be a third
    /// of a core for watching an idle process. When the source delivers each call the snapshots
    /// only check the model, so they can be rare; without one they are the only news.
    public static let readBudgetWithEachCall = 0.0025
    public static let readBudgetPolling = 0.02

    /// Children of watched processes are watched too: from their first instruction when the
    /// source reports forks (children already running when a process is attached are found by
    /// their parent links then), otherwise found by their parent links every interval. Switched
    /// on later, `adoptDescendants()` brings in the children already running.
    public var followChildren: Bool {
        didSet {
            source.followChildren = followChildren
            scheduleDescendantScans()
        }
    }

    /// The processes watched now, in the order they joined.
    public var processes: [MonitoredProcess] { order.compactMap { live[$0] } }
    public var pollDescriptor: Int32? { source.pollDescriptor }
    public var lostRecords: UInt64 { source.lostRecords }
    /// Resolves the user stacks events carry, as they are taken in (nil: left unresolved).
    public let symbolizer: StackSymbolizing?

    private let clock: () -> UInt64
    private let inFlightAllowance: UInt64
    private var live: [Int32: MonitoredProcess] = [:]
    private var order: [Int32] = []
    /// Updates produced outside `tick` (watching), handed out by the next `tick`.
    private var queued: [MonitorUpdate] = []
    private var lastDrain: UInt64 = 0
    private var nextDescendantScan: UInt64 = .max

    public init(source: EventSource, reader: ProcessReading = ProcReader(), interval: UInt64,
                drainPeriod: UInt64 = 50_000_000, followChildren: Bool = false,
                symbolizer: StackSymbolizing? = nil,
                inFlightAllowance: UInt64 = Timeline.defaultInFlightAllowance,
                clock: @escaping () -> UInt64 = MonotonicClock.now) {
        self.source = source
        self.reader = reader
        self.interval = interval
        self.drainPeriod = drainPeriod
        self.followChildren = followChildren
        self.symbolizer = symbolizer
        self.inFlightAllowance = inFlightAllowance
        self.clock = clock
        source.followChildren = followChildren
        scheduleDescendantScans()
    }

    /// Without fork events, children are only found by a scan of parent links, every interval.
    /// With them, a scan would race with the fork records (a child forked between a drain and
    /// the scan would be "found" instead of followed from its fork): none is scheduled.
    private func scheduleDescendantScans() {
        let periodic = followChildren && !source.capabilities.contains(.processEvents)
        nextDescendantScan = periodic ? 0 : .max
    }

    // MARK: - What to watch

    /// Watches the running process `pid` and reads its first snapshot at once. Watching a pid
    /// already watched returns that entry (a reused pid ends the old one and starts anew).
    ///
    /// - Throws: `ProcReadError` when the process does not exist; the source's error when it
    ///   cannot follow it.
    @discardableResult
    public func watch(pid: Int32, reason: JoinReason = .attached) throws -> MonitoredProcess {
        let identity = try reader.identity(pid: pid)
        if let existing = live[pid] {
            if existing.isLifetime(of: identity) { return existing }
            end(existing, .pidReused, into: &queued)
        }
        try source.watch(pid: pid, awaitingExec: false)
        let process = MonitoredProcess(pid: pid, joinReason: reason, identity: identity, joinedAt: clock(),
                                       inFlightAllowance: inFlightAllowance)
        add(process, into: &queued)
        takeSnapshot(of: process, now: clock(), into: &queued)
        if followChildren, reason == .attached, source.capabilities.contains(.processEvents) {
            // Its children from now on come with fork records; those already running are found.
            for child in reader.descendants(of: [pid]) where live[child] == nil {
                _ = try? watch(pid: child, reason: .found)
            }
        }
        return process
    }

    /// Watches a command vmscope started paused: call before letting it exec, so nothing it does
    /// from its first instruction is missed, and `launchReleased` after. `reap` returns its wait
    /// status once it has exited (non-blocking), for sources that see no exits.
    @discardableResult
    public func watchLaunched(pid: Int32, reap: @escaping () -> Int32?) throws -> MonitoredProcess {
        try source.watch(pid: pid, awaitingExec: true)
        let process = MonitoredProcess(pid: pid, joinReason: .launched, identity: nil, joinedAt: clock(),
                                       awaitingExec: true, inFlightAllowance: inFlightAllowance, reap: reap)
        add(process, into: &queued)
        return process
    }

    /// The started command has passed its exec (its launcher returned). A source that reports
    /// exec is still waited for, to know the moment exactly; without one, /proc now shows the
    /// command.
    public func launchReleased(_ process: MonitoredProcess) {
        process.awaitingExecSince = clock()
        if !source.capabilities.contains(.processEvents) { process.awaitingExec = false }
    }

    /// Stops watching `process` (it stays as it was, ended `.stopped`).
    public func unwatch(_ process: MonitoredProcess) {
        guard process.isLive else { return }
        end(process, .stopped, into: &queued)
    }

    /// Watches the running descendants of the watched processes not watched yet. Returns them.
    @discardableResult
    public func adoptDescendants() -> [MonitoredProcess] {
        var joined: [MonitoredProcess] = []
        for pid in reader.descendants(of: Set(live.keys)) where live[pid] == nil {
            if let process = try? watch(pid: pid, reason: .found) { joined.append(process) }
        }
        return joined
    }

    // MARK: - The step

    /// Everything that happened since the last call: drains the source, applies events, reads
    /// the snapshots that are due and reconciles those whose in-flight records have arrived.
    public func tick() throws -> [MonitorUpdate] {
        var updates = queued
        queued = []
        let now = clock()
        try drain(into: &updates)
        if followChildren, now >= nextDescendantScan {
            // Sources that report forks add children as they are born; the scan finds those
            // that were running when following began, and every child when forks are unseen.
            adoptDescendants()
            updates += queued
            queued = []
            nextDescendantScan = source.capabilities.contains(.processEvents) ? .max : later(now, interval)
        }
        for process in processes {
            checkEnded(process, now: now, into: &updates)
        }
        for process in processes where isSnapshotDue(process, now: now) {
            takeSnapshot(of: process, now: now, into: &updates)
        }
        for process in processes {
            settle(process, drainedAt: lastDrain, force: false, into: &updates)
        }
        return updates
    }

    /// When `tick` must run next at the latest (poll may return earlier when the source wakes).
    public func nextDeadline() -> UInt64 {
        let now = clock()
        var deadline = source.capabilities.contains(.eachCall) ? later(now, drainPeriod) : later(now, interval)
        if followChildren { deadline = min(deadline, nextDescendantScan) }
        for process in live.values {
            if let pending = process.pendingSnapshot {
                // Past its settling time it waits for an exec's end, which a drain brings.
                let settledAt = pending.readEnd &+ inFlightAllowance
                if settledAt > now { deadline = min(deadline, settledAt) }
            } else if process.awaitingExec {
                if let since = process.awaitingExecSince { deadline = min(deadline, since + Self.execRecordTimeout) }
            } else if !process.isExecRunning {
                deadline = min(deadline, snapshotDueAt(process))
            }
        }
        return max(deadline, now)
    }

    /// The last drain: the rest the source holds, every waiting snapshot reconciled, and every
    /// process still watched ended `.stopped` (or with its status, when it has just exited).
    public func finish() throws -> [MonitorUpdate] {
        var updates = queued
        queued = []
        // Everything already waiting (a storm may leave more than one drain's worth), but not
        // for ever: a process still running keeps producing.
        source.flushCounts()
        for _ in 0..<64 where try drain(into: &updates) > 0 {}
        for process in processes {
            checkEnded(process, now: clock(), into: &updates)
        }
        for process in processes {
            settle(process, drainedAt: lastDrain, force: true, into: &updates)
            end(process, .stopped, into: &updates)
        }
        return updates
    }

    // MARK: - Events

    /// Drains until `process` has ended or the source has nothing more: its last records (its
    /// exit) may lie behind more than one drain's worth of a storm.
    private func drainRemaining(of process: MonitoredProcess, into updates: inout [MonitorUpdate]) {
        while process.isLive, let count = try? drain(into: &updates), count > 0 {}
    }

    /// One drain of the source. Returns how many events it brought.
    @discardableResult
    private func drain(into updates: inout [MonitorUpdate]) throws -> Int {
        let started = clock()
        let events = try source.drain()
        // Reads are settled against the last drain that emptied the source: one that stopped at
        // its budget has not brought every record stamped before it began (exactness).
        if !source.hasBacklog { lastDrain = started }
        guard !events.isEmpty else { return 0 }
        var batch: [MemoryEvent] = []
        var owner: MonitoredProcess?
        func flush() {
            if let owner, !batch.isEmpty { updates.append(.events(owner, batch)) }
            batch = []
        }
        for var event in events {
            if event.tgid == 0, case .lost = event.kind {
                // The ring buffer is shared: a loss may hide any process's records.
                flush()
                for process in live.values { process.timeline.apply(event) }
                updates.append(.lost(event))
                continue
            }
            guard let process = live[event.tgid] else { continue }
            if owner !== process {
                flush()
                owner = process
            }
            switch event.kind {
            case .layout(let layout):
                flush()
                ingest(layout, at: event.timestamp, of: process, into: &updates)
                continue
            case .execStarted:
                process.execWindows.append((event.timestamp, nil))
                if process.execWindows.count > 8 { process.execWindows.removeFirst() }
            case .exec:
                closeExecWindow(of: process, at: event.timestamp)
                process.awaitingExec = false
                symbolizer?.forget(pid: process.pid)
            case .failed(let call, _, _, _) where call == .execve || call == .execveat:
                closeExecWindow(of: process, at: event.timestamp)
            default:
                break
            }
            process.timeline.annotate(&event)
            if let symbolizer, event.stack != nil {
                // Against the layout before the call: an munmap's caller may be in what it unmaps.
                let timeline = process.timeline
                symbolizer.symbolize(&event.stack!, pid: process.pid, region: { timeline.region(containing: $0) })
            }
            // The stack window is for the symbolizer's unwinding only: not kept with the event.
            event.stack?.registers = nil
            process.take(event)
            batch.append(event)
            switch event.kind {
            case .fork(let child, false) where followChildren && live[child] == nil:
                flush()
                join(child: child, of: process, at: event.timestamp, into: &updates)
                owner = nil
            case .exit(let status):
                flush()
                owner = nil
                // The exit is the group's last record: whatever the reads wait for is in.
                settle(process, drainedAt: .max, force: true, into: &updates)
                end(process, .exited(status: status), into: &updates)
            default:
                break
            }
        }
        flush()
        return events.count
    }

    private func closeExecWindow(of process: MonitoredProcess, at timestamp: UInt64) {
        if let last = process.execWindows.indices.last, process.execWindows[last].end == nil {
            process.execWindows[last].end = timestamp
        } else {
            // The start was not seen (watched mid-exec): the whole past is suspect.
            process.execWindows.append((0, timestamp))
        }
    }

    /// A child forked by a watched process while following: the source already follows it (or
    /// is told to now); its first snapshot is read at once.
    private func join(child: Int32, of parent: MonitoredProcess, at timestamp: UInt64,
                      into updates: inout [MonitorUpdate]) {
        try? source.watch(pid: child, awaitingExec: false)
        let process = MonitoredProcess(pid: child, joinReason: .forked(parent: parent.pid), identity: nil,
                                       joinedAt: timestamp, inFlightAllowance: inFlightAllowance)
        add(process, into: &updates)
    }

    private func add(_ process: MonitoredProcess, into updates: inout [MonitorUpdate]) {
        live[process.pid] = process
        order.removeAll { $0 == process.pid }
        order.append(process.pid)
        updates.append(.joined(process))
    }

    private func end(_ process: MonitoredProcess, _ ending: ProcessEnding, into updates: inout [MonitorUpdate]) {
        guard process.isLive else { return }
        process.ending = ending
        process.endedAt = clock()
        process.pendingSnapshot = nil
        if live[process.pid] === process {
            live[process.pid] = nil
            order.removeAll { $0 == process.pid }
        }
        // Out of the source's filter at once, so a reused pid is not followed by accident (the
        // kernel side forgets groups it saw exit by itself; telling it again is harmless).
        source.unwatch(pid: process.pid)
        symbolizer?.forget(pid: process.pid)
        updates.append(.ended(process))
    }

    /// A launched command's status, or a process that is no longer running, ends it.
    private func checkEnded(_ process: MonitoredProcess, now: UInt64, into updates: inout [MonitorUpdate]) {
        if let status = process.reap?() {
            // Its records (the exit's last) are in the source by now: take them first.
            drainRemaining(of: process, into: &updates)
            guard process.isLive else { return }
            settle(process, drainedAt: .max, force: true, into: &updates)
            end(process, .exited(status: status), into: &updates)
            return
        }
        if process.awaitingExec, let since = process.awaitingExecSince, now >= since + Self.execRecordTimeout {
            // The exec record was lost (or never comes): read /proc, which shows the command.
            process.awaitingExec = false
            process.wantsSnapshot = true
        }
    }

    // MARK: - Snapshots

    private func isSnapshotDue(_ process: MonitoredProcess, now: UInt64) -> Bool {
        guard process.isLive, !process.awaitingExec, process.pendingSnapshot == nil, !process.isExecRunning
        else { return false }
        return now >= snapshotDueAt(process)
    }

    /// When the next read of `process` is due: at once when one is wanted, soon when the timeline
    /// needs one (lost records, an exec without a kernel layout) but not more often than the
    /// interval or 20 ms allow (a read that keeps failing must not spin), else at the interval.
    private func snapshotDueAt(_ process: MonitoredProcess) -> UInt64 {
        if process.wantsSnapshot { return 0 }
        if process.timeline.needsFreshSnapshot {
            // Soon, but a read that costs much (a huge process) no more than a tenth of a core.
            let gap = max(min(interval, 20_000_000), process.lastReadCost &* 10)
            return min(process.nextSnapshotAt, later(process.lastReadAt, gap))
        }
        return process.nextSnapshotAt
    }

    /// When the next periodic read of a process whose last read cost `cost` is due: at the
    /// interval, or later if that would spend more than the read budget.
    private func nextPeriodicRead(after now: UInt64, cost: UInt64) -> UInt64 {
        let budget = source.capabilities.contains(.eachCall) ? Self.readBudgetWithEachCall : Self.readBudgetPolling
        return ReadCadence.next(after: now, cost: cost, minimum: interval, budget: budget)
    }

    /// Reads /proc for `process`. With a source that sees each call the read waits (pending)
    /// until the records stamped during it have been drained; otherwise the source's changes up
    /// to it are applied and it is reconciled at once.
    private func takeSnapshot(of process: MonitoredProcess, now: UInt64, into updates: inout [MonitorUpdate]) {
        process.wantsSnapshot = false
        process.nextSnapshotAt = later(now, interval)
        process.lastReadAt = now
        let snapshot: AddressSpaceSnapshot
        do {
            snapshot = try reader.snapshot(pid: process.pid)
            process.readProblem = nil
            process.lastReadCost = clock() &- now
            process.nextSnapshotAt = nextPeriodicRead(after: now, cost: process.lastReadCost)
        } catch let error as ProcReadError {
            if case .permissionDenied = error {
                process.readProblem = error
            } else if !reader.isRunning(pid: process.pid), process.reap == nil {
                // Gone: its last records (an exit, if the source sees exits) may still be
                // waiting; they say how it ended better than "gone".
                drainRemaining(of: process, into: &updates)
                if process.isLive { end(process, .gone, into: &updates) }
            }
            return
        } catch {
            return
        }
        if let identity = snapshot.identity {
            guard process.isLifetime(of: identity) else {
                end(process, .pidReused, into: &updates)
                return
            }
            process.adopt(identity)
        }
        guard !snapshot.regions.isEmpty else {
            // A kernel thread, or a zombie when it was attached, never has anything to show:
            // end it saying so, rather than wait for a snapshot forever. (A process watched
            // while it exits ends by its exit record, or as gone, as before; a started
            // command's status comes from its wait.)
            if process.snapshotCount == 0, process.reap == nil, let why = reader.noAddressSpace(pid: process.pid) {
                drainRemaining(of: process, into: &updates)
                if process.isLive { end(process, .noAddressSpace(why), into: &updates) }
            }
            return
        }
        if source.capabilities.contains(.eachCall) {
            process.pendingSnapshot = snapshot
            // The records stamped during the read: drained now, and again before it settles.
            try? drain(into: &updates)
            if process.isLive, process.timeline.lastSnapshot == nil {
                // Nothing to compare the first read with: no need to wait.
                settle(process, drainedAt: .max, force: true, into: &updates)
            }
        } else {
            var changes = source.changes(upTo: snapshot)
            if !changes.isEmpty {
                // Judged like the probe's calls, each against the layout just before it.
                for index in changes.indices {
                    process.timeline.annotate(&changes[index])
                    process.take(changes[index])
                }
                updates.append(.events(process, changes))
            }
            reconcile(snapshot, of: process, comparing: true, into: &updates)
        }
    }

    /// Reconciles the pending read of `process` once every record stamped up to its end (and
    /// the allowance) has been drained, unless an exec overlapped it: then it is dropped and
    /// read again after the exec (`force`: no more records will come, decide now).
    private func settle(_ process: MonitoredProcess, drainedAt: UInt64, force: Bool,
                        into updates: inout [MonitorUpdate]) {
        guard let snapshot = process.pendingSnapshot else { return }
        let settledAt = snapshot.readEnd &+ inFlightAllowance
        guard force || drainedAt >= settledAt else { return }
        if let exec = process.execWindow(overlapping: snapshot.timestamp, settledAt) {
            if exec.end == nil, !force, drainedAt < exec.start &+ Self.execWaitLimit { return }
            // Read while the kernel was replacing the image: it may show either, or half.
            process.pendingSnapshot = nil
            process.wantsSnapshot = true
            return
        }
        process.pendingSnapshot = nil
        reconcile(snapshot, of: process, comparing: true, into: &updates)
    }

    /// A layout the probe read in the kernel: exact at its moment. An exec's is the new image,
    /// adopted without comparison; an exit's is compared like any snapshot (or, for a process
    /// never read, is its first).
    private func ingest(_ layout: KernelLayout, at timestamp: UInt64, of process: MonitoredProcess,
                        into updates: inout [MonitorUpdate]) {
        // A read taken before it is settled first (all its records are in by now); one taken
        // after it waits its turn.
        if let pending = process.pendingSnapshot, pending.timestamp <= timestamp {
            settle(process, drainedAt: timestamp, force: true, into: &updates)
        }
        guard layout.isComplete else {
            process.wantsSnapshot = true
            return
        }
        let regions = RegionClassifier.classify(layout.regions, executablePath: process.identity?.executablePath)
        let snapshot = AddressSpaceSnapshot(timestamp: timestamp, pid: process.pid, regions: regions,
                                            origin: .kernel(layout.moment))
        reconcile(snapshot, of: process, comparing: layout.moment == .exit, into: &updates)
        if layout.moment == .exec {
            // The image is known exactly; /proc is read again at the usual cadence.
            process.wantsSnapshot = false
            process.nextSnapshotAt = later(clock(), interval)
        }
    }

    private func later(_ time: UInt64, _ duration: UInt64) -> UInt64 {
        ReadCadence.later(time, duration)
    }

    private func reconcile(_ snapshot: AddressSpaceSnapshot, of process: MonitoredProcess, comparing: Bool,
                           into updates: inout [MonitorUpdate]) {
        guard let reconciled = process.reconcile(snapshot, comparing: comparing) else { return }
        updates.append(.snapshot(process, reconciled))
    }
}
