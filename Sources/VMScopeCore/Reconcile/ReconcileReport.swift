/// What `Timeline.ingest(snapshot:)` found when it compared the layout its events predicted
/// with a new snapshot. Feeds `trace`'s snapshot lines and records (`--json` `snapshot`).
public struct ReconcileReport: Sendable, Hashable {
    /// CLOCK_MONOTONIC nanoseconds of the snapshot the prediction started from; nil for the
    /// first snapshot, which has nothing to be compared with.
    public var previousSnapshotTimestamp: UInt64?
    public var snapshotTimestamp: UInt64
    /// Layout-changing events between the two snapshots that went into the prediction.
    public var eventsApplied: Int
    /// Events that arrived stamped before the previous snapshot since it was ingested: the
    /// snapshot already showed their effect, so they were not applied again.
    public var lateEventsIgnored: Int
    /// Records the event source reported lost since the previous snapshot.
    public var lostSinceLastSnapshot: UInt64
    /// The process executed a new program between the snapshots.
    public var execSinceLastSnapshot: Bool
    /// Differences nothing explains.
    public var unexplained: [ReconcileDifference]
    /// Differences with a known cause (stack growth, exec, lost events), kept for debugging.
    public var expected: [ReconcileDifference]

    public init(previousSnapshotTimestamp: UInt64?, snapshotTimestamp: UInt64, eventsApplied: Int,
                lateEventsIgnored: Int, lostSinceLastSnapshot: UInt64, execSinceLastSnapshot: Bool,
                unexplained: [ReconcileDifference], expected: [ReconcileDifference]) {
        self.previousSnapshotTimestamp = previousSnapshotTimestamp
        self.snapshotTimestamp = snapshotTimestamp
        self.eventsApplied = eventsApplied
        self.lateEventsIgnored = lateEventsIgnored
        self.lostSinceLastSnapshot = lostSinceLastSnapshot
        self.execSinceLastSnapshot = execSinceLastSnapshot
        self.unexplained = unexplained
        self.expected = expected
    }

    public var unexplainedCount: Int { unexplained.count }

    /// Differences were found but lost records account for them (possibly records this report
    /// does not count: lost after the previous snapshot was taken, counted by its report).
    public var explainedByLoss: Bool {
        expected.contains { $0.explanation == .eventsLost }
    }

    /// The first snapshot: adopted, not compared.
    public var isInitial: Bool { previousSnapshotTimestamp == nil }
}
