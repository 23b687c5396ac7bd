/// One record of a recording as the reader decodes it. Processes are named by their serial: the
/// order in which they joined (a pid can be reused within one recording, a serial cannot).
public enum RecordingEntry: Sendable {
    /// The trace's first line (`trace --record`; the live view writes none).
    case start(TraceStart)
    /// A process lifetime joined; its serial is the count of `joined` records before it.
    case joined(RecordedJoin)
    /// Events of one process, as the monitor applied them (annotated and symbolized).
    /// `continues`: more of the same batch as the previous events record (a storm's batch is
    /// split to keep records small; the player joins them again).
    case events(serial: Int, events: [MemoryEvent], continues: Bool)
    /// A snapshot the monitor reconciled, and what its report counted (to check the replay).
    case snapshot(serial: Int, snapshot: AddressSpaceSnapshot, recorded: RecordedReport)
    /// Records the kernel dropped; every live timeline heard it.
    case lost(MemoryEvent)
    /// The process ended (`at`: CLOCK_MONOTONIC ns).
    case ended(serial: Int, ending: ProcessEnding, at: UInt64)
    /// Who the process is changed (read of /proc between snapshots).
    case identity(serial: Int, ProcessIdentity)
    /// Its address space became unreadable (or readable again: nil).
    case readProblem(serial: Int, ProcReadError?)
    /// What the live view shows about a process besides its layout, read at `time`.
    case details(serial: Int, time: UInt64, RecordedDetail)
    /// The end of one monitor tick: when it was handed out and the source's loss total then.
    case tickEnd(time: UInt64, lostTotal: UInt64)
}

/// A `joined` record: enough to rebuild the `MonitoredProcess`.
public struct RecordedJoin: Sendable, Hashable {
    public var pid: Int32
    public var reason: JoinReason
    public var joinedAt: UInt64
    public var identity: ProcessIdentity?
    public var inFlightAllowance: UInt64

    public init(pid: Int32, reason: JoinReason, joinedAt: UInt64, identity: ProcessIdentity?, inFlightAllowance: UInt64) {
        self.pid = pid
        self.reason = reason
        self.joinedAt = joinedAt
        self.identity = identity
        self.inFlightAllowance = inFlightAllowance
    }
}

/// The counts of a recorded reconciliation report: the replay recomputes the report and must
/// find the same (else it diverged, and says where).
public struct RecordedReport: Sendable, Hashable {
    public var eventsApplied: Int
    public var lateEventsIgnored: Int
    public var lost: UInt64
    public var unexplained: Int
    public var expected: Int

    public init(eventsApplied: Int, lateEventsIgnored: Int, lost: UInt64, unexplained: Int, expected: Int) {
        self.eventsApplied = eventsApplied
        self.lateEventsIgnored = lateEventsIgnored
        self.lost = lost
        self.unexplained = unexplained
        self.expected = expected
    }

    public init(_ report: ReconcileReport) {
        self.init(eventsApplied: report.eventsApplied, lateEventsIgnored: report.lateEventsIgnored,
                  lost: report.lostSinceLastSnapshot, unexplained: report.unexplainedCount,
                  expected: report.expected.count)
    }
}

/// A detail read of one process the live view shows (facts, residency per region, limits).
public enum RecordedDetail: Sendable, Hashable {
    case facts(ProcessFacts)
    case residency(ResidencyTable)
    case limits(SpaceLimits)
}
