/// One watched process lifetime (a pid together with its start time): its Timeline and what the
/// monitor knows and is waiting for about it. Owned by `ProcessMonitor`; front ends read it.
public final class MonitoredProcess {
    public let pid: Int32
    public let joinReason: JoinReason
    /// CLOCK_MONOTONIC ns when it joined: when it was watched, or its fork.
    public let joinedAt: UInt64
    /// The model: last snapshot plus events since.
    public let timeline: Timeline
    /// Who the pid is, from the latest read (name, start time, executable); nil until read.
    public private(set) var identity: ProcessIdentity?
    /// How it ended; nil while watched.
    public internal(set) var ending: ProcessEnding?
    /// Why its address space cannot be read (permission denied), nil when it can.
    public internal(set) var readProblem: ProcReadError?
    /// Snapshots reconciled so far (kernel layouts included).
    public internal(set) var snapshotCount = 0
    /// CLOCK_MONOTONIC ns when it ended (the `end` record's time); nil while watched.
    public internal(set) var endedAt: UInt64?

    public var isLive: Bool { ending == nil }
    /// Clock ticks after boot when it started (stat field 22); nil until read.
    public var startTimeTicks: UInt64? { identity?.startTimeTicks ?? knownStartTicks }

    /// The executable's path for the classifier, shared with the timeline's closure so an exec
    /// or a read of the exe link updates it.
    private let executable: ExecutablePath
    private let knownStartTicks: UInt64?

    // MARK: The monitor's bookkeeping

    /// A command vmscope started: until its exec it is a copy of vmscope, not yet the command.
    var awaitingExec: Bool
    /// When waiting for the exec began (the command was released), for giving up on a lost record.
    var awaitingExecSince: UInt64?
    /// Exec attempts: from `.execStarted` to `.exec` or a failed exec (end nil while running).
    var execWindows: [(start: UInt64, end: UInt64?)] = []
    /// A /proc read waiting for the records stamped during it to arrive.
    var pendingSnapshot: AddressSpaceSnapshot?
    /// When the next periodic read is due, and when the last one was made.
    var nextSnapshotAt: UInt64 = 0
    var lastReadAt: UInt64 = 0
    /// What the last read of /proc took (reading and parsing), to space reads of huge processes.
    var lastReadCost: UInt64 = 0
    /// A read is wanted now (joined, an exec without a kernel layout, a read dropped).
    var wantsSnapshot = true
    /// The regions of the previous snapshot, to say whether a new one changed the layout.
    var previousRegions: [Region]?
    /// The wait(2) status of a command vmscope started, when it has exited (non-blocking).
    let reap: (() -> Int32?)?

    init(pid: Int32, joinReason: JoinReason, identity: ProcessIdentity?, joinedAt: UInt64,
         awaitingExec: Bool = false, inFlightAllowance: UInt64, reap: (() -> Int32?)? = nil) {
        self.pid = pid
        self.joinReason = joinReason
        self.joinedAt = joinedAt
        self.identity = identity
        self.knownStartTicks = identity?.startTimeTicks
        self.awaitingExec = awaitingExec
        self.reap = reap
        let executable = ExecutablePath(identity?.executablePath)
        self.executable = executable
        timeline = Timeline(pid: pid, classify: { RegionClassifier.classify($0, executablePath: executable.path) },
                            inFlightAllowance: inFlightAllowance)
    }

    /// Whether a process read now as `identity` is this lifetime (another start time: the pid
    /// was reused).
    func isLifetime(of identity: ProcessIdentity) -> Bool {
        startTimeTicks.map { $0 == identity.startTimeTicks } ?? true
    }

    /// Takes a fresh read of who the pid is (name and executable change at exec).
    func adopt(_ identity: ProcessIdentity) {
        self.identity = identity
        executable.path = identity.executablePath
    }

    /// An exec replaced the program: its path is unknown until the next read of the exe link
    /// (the classifier finds the program without it).
    func forgetExecutable() {
        executable.path = nil
    }

    /// Takes one event already judged (`Timeline.annotate`) and symbolized into the model: the
    /// monitor's and a recording player's one way of doing so.
    func take(_ event: MemoryEvent) {
        if case .exec = event.kind { forgetExecutable() }
        timeline.apply(event)
    }

    /// Reconciles a snapshot with the timeline (`comparing`: false only for the new image an
    /// exec's kernel layout shows) and notes it as the latest. Nil when the timeline refused it
    /// (older than its last snapshot).
    func reconcile(_ snapshot: AddressSpaceSnapshot, comparing: Bool) -> ReconciledSnapshot? {
        guard let report = timeline.ingest(snapshot: snapshot, comparing: comparing) else { return nil }
        let changed = snapshot.regions != previousRegions
        previousRegions = snapshot.regions
        snapshotCount += 1
        return ReconciledSnapshot(snapshot: snapshot, report: report, regionsChanged: changed)
    }

    /// Whether a snapshot is compared with the model: all but an exec's kernel layout (the new
    /// image, which no event predicted).
    static func compares(_ snapshot: AddressSpaceSnapshot) -> Bool {
        snapshot.origin != .kernel(.exec)
    }

    /// The exec attempt whose window overlaps `[start, end]`, if any.
    func execWindow(overlapping start: UInt64, _ end: UInt64) -> (start: UInt64, end: UInt64?)? {
        execWindows.last { $0.start <= end && ($0.end ?? .max) >= start }
    }

    var isExecRunning: Bool { execWindows.last.map { $0.end == nil } ?? false }
}

/// A path shared by reference between a process and its timeline's classifier closure.
final class ExecutablePath {
    var path: String?
    init(_ path: String?) { self.path = path }
}
