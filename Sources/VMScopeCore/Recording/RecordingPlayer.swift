/// Replays a recording: rebuilds the `MonitoredProcess` objects and drives their Timelines
/// exactly as `ProcessMonitor` did (the recorded events are already judged and symbolized, so
/// they are only taken in; snapshots are reconciled again and must give the recorded reports),
/// and hands out the same `MonitorUpdate`s. No /proc, no probe, no program files are needed.
///
/// Time: every update has a stamp (an event's timestamp, a snapshot's read, a join, an end);
/// positions are those stamps made non-decreasing in file order, so `advance(to:)` is a cut of
/// the file. A mid-file corruption stops the replay there: `error` says where.
public final class RecordingPlayer {
    public let path: String
    public let header: RecordingHeader
    /// The trace's start record (`trace --record`); nil for a live-view recording.
    public private(set) var start: TraceStart?
    /// Monotonic ns of the first entry and of the last.
    public let startTime: UInt64
    public let endTime: UInt64
    /// The time of the last update handed out (`startTime` before any).
    public private(set) var position: UInt64
    /// Every replayed process lifetime so far, in join order.
    public private(set) var processes: [MonitoredProcess] = []
    /// Where a corrupt recording stops replaying (everything before it is replayed).
    public let error: RecordingError?
    /// Truncation, divergence: one line each, naming the file and the byte offset.
    public var warnings: [String] { loadWarnings + divergences }

    private let entries: [RecordingEntry]
    private let offsets: [Int]
    /// The running maximum of the stamps before each entry.
    private let baseTimes: [UInt64]
    private let allEventTimes: [UInt64]
    private let loadWarnings: [String]
    private var divergences: [String] = []
    private var divergedAt: Set<Int> = []

    // The cursor: the next entry, and within an events entry the next event.
    private var index = 0
    private var eventIndex = 0
    private var clock: UInt64
    private var live: [Int: MonitoredProcess] = [:]
    private var detailsBySerial: [Int: ReplayedDetails] = [:]
    private var lostTotal: UInt64 = 0

    /// Loads the whole recording. Throws when it cannot be opened or its header is bad; a
    /// corruption further on ends the replay there (`error`), a torn end with a warning.
    public convenience init(path: String) throws(RecordingError) {
        try self.init(reader: RecordingReader(path: path))
    }

    /// A recording already in memory (`path` names it in messages).
    public convenience init(bytes: [UInt8], path: String) throws(RecordingError) {
        try self.init(reader: RecordingReader(bytes: bytes, path: path))
    }

    private init(reader: RecordingReader) {
        path = reader.path
        header = reader.header
        var entries: [RecordingEntry] = []
        var offsets: [Int] = []
        var failure: RecordingError?
        var start: TraceStart?
        while true {
            let entry: RecordingEntry?
            do { entry = try reader.next() } catch { failure = error; break }
            guard let entry else { break }
            switch entry {
            case .start(let value):
                if start == nil { start = value }
                continue
            case .events(let serial, let events, true):
                // The rest of a batch the writer split: one update again, as the monitor made it.
                if case .events(serial, let before, _)? = entries.last {
                    entries[entries.count - 1] = .events(serial: serial, events: before + events, continues: false)
                    continue
                }
            default:
                break
            }
            entries.append(entry)
            offsets.append(reader.recordOffset)
        }
        self.start = start
        self.entries = entries
        self.offsets = offsets
        error = failure
        loadWarnings = reader.warnings

        var base: [UInt64] = []
        base.reserveCapacity(entries.count)
        var eventTimes: [UInt64] = []
        var running: UInt64 = 0
        var first: UInt64?
        for entry in entries {
            base.append(running)
            if case .events(_, let events, _) = entry {
                for event in events {
                    running = max(running, event.timestamp)
                    eventTimes.append(running)
                }
                if first == nil, let event = events.first { first = event.timestamp }
            } else if let stamp = Self.stamp(of: entry) {
                running = max(running, stamp)
                if first == nil { first = stamp }
            }
        }
        baseTimes = base
        allEventTimes = eventTimes
        startTime = first ?? header.monotonicStart
        endTime = max(running, startTime)
        clock = 0
        position = startTime
    }

    // MARK: - Playing

    /// The next whole recorded tick, as the monitor handed it to the trace writer: its updates,
    /// the loss total then, and when. Nil at the end.
    public func nextTick() -> (updates: [MonitorUpdate], lostTotal: UInt64, time: UInt64)? {
        guard index < entries.count else { return nil }
        var updates: [MonitorUpdate] = []
        while index < entries.count {
            if case .tickEnd(let time, let lost) = entries[index] {
                lostTotal = lost
                clock = max(clock, time)
                index += 1
                eventIndex = 0
                return (updates, lost, time)
            }
            applyNext(upTo: .max, into: &updates)
        }
        return (updates, lostTotal, clock)
    }

    /// Writes the whole recording through `writer` as the live trace did (`trace --replay`):
    /// the same start, the same ticks, so the output is the same byte for byte. A recording of
    /// the live view has no start record: one is made from its first processes. Stops early if
    /// the writer's reader went away.
    public func play(to writer: TraceWriter) {
        rewind()
        var begun = false
        if let start {
            writer.begin(start)
            begun = true
        }
        while let tick = nextTick() {
            if !begun {
                let pids = tick.updates.compactMap { if case .joined(let process) = $0 { process.pid } else { nil } }
                writer.begin(TraceStart(command: [], pids: pids, source: "replay", note: nil, followChildren: false,
                                        time: startTime))
                begun = true
            }
            writer.write(tick.updates, lostTotal: tick.lostTotal)
            if writer.outputBroken { break }
        }
        writer.finish()
    }

    /// Every update stamped at or before `time` (an events batch is cut at `time`).
    public func advance(to time: UInt64) -> [MonitorUpdate] {
        var updates: [MonitorUpdate] = []
        while index < entries.count, applyNext(upTo: time, into: &updates) {}
        return updates
    }

    /// Events handed out since the start (an index into `eventTimes()`).
    public private(set) var eventsPlayed = 0

    /// Forward until exactly `count` events have been handed out since the start (with the
    /// updates of other kinds before the last of them): stepping back is `rewind()` then
    /// `advance(toEvent: eventsPlayed - 1)`, exact even where several events share a time.
    public func advance(toEvent count: Int) -> [MonitorUpdate] {
        var updates: [MonitorUpdate] = []
        while index < entries.count, eventsPlayed < count {
            if case .events = entries[index] {
                applyNext(upTo: .max, limit: count - eventsPlayed, into: &updates)
            } else {
                applyNext(upTo: .max, into: &updates)
            }
        }
        return updates
    }

    /// Up to and including the next single event (earlier updates of other kinds come with it).
    public func stepEvent() -> [MonitorUpdate] {
        var updates: [MonitorUpdate] = []
        while index < entries.count {
            if case .events = entries[index] {
                applyNext(upTo: .max, limit: 1, into: &updates)
                break
            }
            applyNext(upTo: .max, into: &updates)
        }
        return updates
    }

    /// Back to the start, with fresh processes.
    public func rewind() {
        index = 0
        eventIndex = 0
        eventsPlayed = 0
        clock = 0
        position = startTime
        processes = []
        live = [:]
        detailsBySerial = [:]
        lostTotal = 0
    }

    /// The time of every event, in order (non-decreasing), for an activity strip.
    public func eventTimes() -> [UInt64] { allEventTimes }

    /// The latest detail reads of `process` as of the position.
    public func details(of process: MonitoredProcess) -> ReplayedDetails? {
        guard let serial = processes.firstIndex(where: { $0 === process }) else { return nil }
        return detailsBySerial[serial]
    }

    /// The source's loss total as of the last tick passed.
    public var lostRecords: UInt64 { lostTotal }

    // MARK: - Applying

    /// Applies the entry at the cursor if it is stamped at or before `time` (an events entry: its
    /// events up to `time`, at most `limit` of them). Returns whether it moved.
    @discardableResult
    private func applyNext(upTo time: UInt64, limit: Int = .max, into updates: inout [MonitorUpdate]) -> Bool {
        let entry = entries[index]
        if case .events(let serial, let events, _) = entry {
            var end = eventIndex
            var moment = max(clock, baseTimes[index])
            while end < events.count, end - eventIndex < limit {
                let next = max(moment, events[end].timestamp)
                guard next <= time else { break }
                moment = next
                end += 1
            }
            guard end > eventIndex else { return false }
            let process = processes[serial]
            let slice = events[eventIndex..<end]
            for event in slice { process.take(event) }
            eventsPlayed += slice.count
            updates.append(.events(process, Array(slice)))
            clock = moment
            position = moment
            if end == events.count { index += 1; eventIndex = 0 } else { eventIndex = end }
            return true
        }
        let moment = max(clock, baseTimes[index], Self.stamp(of: entry) ?? 0)
        guard moment <= time else { return false }
        clock = moment
        apply(entry, at: offsets[index], into: &updates)
        if Self.isUpdate(entry) { position = moment }
        index += 1
        eventIndex = 0
        return true
    }

    private func apply(_ entry: RecordingEntry, at offset: Int, into updates: inout [MonitorUpdate]) {
        switch entry {
        case .start, .events:
            break
        case .joined(let join):
            let process = MonitoredProcess(pid: join.pid, joinReason: join.reason, identity: join.identity,
                                           joinedAt: join.joinedAt, inFlightAllowance: join.inFlightAllowance)
            live[processes.count] = process
            processes.append(process)
            updates.append(.joined(process))
        case .snapshot(let serial, let snapshot, let recorded):
            let process = processes[serial]
            if let identity = snapshot.identity { process.adopt(identity) }
            guard let reconciled = process.reconcile(snapshot, comparing: MonitoredProcess.compares(snapshot)) else {
                diverged(at: offset, "the snapshot of pid \(process.pid) was refused (older than the last)")
                return
            }
            let replayed = RecordedReport(reconciled.report)
            if replayed != recorded {
                diverged(at: offset, "snapshot of pid \(process.pid): recorded \(recorded.unexplained) unexplained, "
                    + "\(recorded.expected) expected, \(recorded.eventsApplied) applied; replay found "
                    + "\(replayed.unexplained), \(replayed.expected), \(replayed.eventsApplied)")
            }
            updates.append(.snapshot(process, reconciled))
        case .lost(let event):
            for process in live.values { process.timeline.apply(event) }
            updates.append(.lost(event))
        case .ended(let serial, let ending, let at):
            let process = processes[serial]
            guard process.isLive else { return }
            process.ending = ending
            process.endedAt = at
            live[serial] = nil
            updates.append(.ended(process))
        case .identity(let serial, let identity):
            processes[serial].adopt(identity)
        case .readProblem(let serial, let problem):
            processes[serial].readProblem = problem
        case .details(let serial, let time, let detail):
            detailsBySerial[serial, default: ReplayedDetails()].take(detail, at: time)
        case .tickEnd(_, let lost):
            lostTotal = lost
        }
    }

    private func diverged(at offset: Int, _ what: String) {
        guard divergedAt.insert(offset).inserted else { return }
        divergences.append("\(SafeText.escape(path)): byte \(offset): replay diverged: \(what)")
    }

    /// When an entry happened, for those that carry a time.
    private static func stamp(of entry: RecordingEntry) -> UInt64? {
        switch entry {
        case .start(let start): start.time
        case .joined(let join): join.joinedAt
        case .events(_, let events, _): events.first?.timestamp
        case .snapshot(_, let snapshot, _): snapshot.timestamp
        case .lost(let event): event.timestamp
        case .ended(_, _, let at): at
        case .details(_, let time, _): time
        case .tickEnd(let time, _): time
        case .identity, .readProblem: nil
        }
    }

    private static func isUpdate(_ entry: RecordingEntry) -> Bool {
        switch entry {
        case .joined, .events, .snapshot, .lost, .ended: true
        default: false
        }
    }
}
