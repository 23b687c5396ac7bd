/// The processes a replay rebuilds, and how each recorded entry changes them: what
/// `ProcessMonitor` did to its `MonitoredProcess`es, from the recording instead of the kernel.
/// Shared by `RecordingPlayer` (the whole file in memory, any position) and its streaming
/// `play(path:to:)` (one tick at a time).
final class RecordingReplayModel {
    let path: String
    /// Every lifetime so far, by serial (join order).
    private(set) var processes: [MonitoredProcess] = []
    private var live: [Int: MonitoredProcess] = [:]
    private(set) var details: [Int: ReplayedDetails] = [:]
    private(set) var lostTotal: UInt64 = 0
    /// "replay diverged" warnings, once per record.
    var divergences: [String] = []
    var divergedAt: Set<Int> = []

    init(path: String) { self.path = path }

    /// A fresh model (back to the start) that keeps the warnings already given.
    func restarted() -> RecordingReplayModel {
        let model = RecordingReplayModel(path: path)
        model.divergences = divergences
        model.divergedAt = divergedAt
        return model
    }

    /// Events of process `serial`, already judged and symbolized: only taken in.
    func take(_ events: ArraySlice<MemoryEvent>, of serial: Int, into updates: inout [MonitorUpdate]) {
        let process = processes[serial]
        for event in events { process.take(event) }
        updates.append(.events(process, Array(events)))
    }

    /// Applies one entry (not events: `take`) recorded at `offset`.
    func apply(_ entry: RecordingEntry, at offset: Int, into updates: inout [MonitorUpdate]) {
        switch entry {
        case .start:
            break
        case .events(let serial, let events, _):
            take(events[...], of: serial, into: &updates)
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
            details[serial, default: ReplayedDetails()].take(detail, at: time)
        case .tickEnd(_, let lost):
            lostTotal = lost
        }
    }

    private func diverged(at offset: Int, _ what: String) {
        guard divergedAt.insert(offset).inserted else { return }
        divergences.append("\(SafeText.escape(path)): byte \(offset): replay diverged: \(what)")
    }
}
