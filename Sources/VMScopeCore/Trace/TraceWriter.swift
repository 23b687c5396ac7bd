/// Where `vmscope trace` sends what the monitor saw: a human table or JSON Lines.
public protocol TraceWriter: AnyObject {
    /// The reader went away (a closed pipe): stop tracing.
    var outputBroken: Bool { get }
    func begin(_ start: TraceStart)
    /// One tick's updates, in order.
    func write(_ updates: [MonitorUpdate], lostTotal: UInt64)
    /// After the last updates: flush.
    func finish()
}

/// What a trace is of, for its first line.
public struct TraceStart: Sendable {
    /// The command vmscope started (`-- CMD`), or empty.
    public var command: [String]
    /// The processes watched at the start.
    public var pids: [Int32]
    /// "eBPF" or "polling".
    public var source: String
    /// Why polling, when it is.
    public var note: String?
    public var followChildren: Bool
    /// CLOCK_MONOTONIC ns: `t` in every record counts from here.
    public var time: UInt64

    public init(command: [String], pids: [Int32], source: String, note: String?, followChildren: Bool, time: UInt64) {
        self.command = command
        self.pids = pids
        self.source = source
        self.note = note
        self.followChildren = followChildren
        self.time = time
    }
}

extension JoinReason {
    /// `attached`, `launched`, `forked`, `found`: the JSON `process` record's `reason`.
    public var label: String {
        switch self {
        case .attached: "attached"
        case .launched: "launched"
        case .forked: "forked"
        case .found: "found"
        }
    }
}

extension ProcessEnding {
    /// `exit`, `gone`, `interrupted`: the JSON `end` record's `reason`.
    public var label: String {
        switch self {
        case .exited: "exit"
        case .gone, .pidReused: "gone"
        case .stopped: "interrupted"
        case .noAddressSpace(let why): why.label
        }
    }
}
