import VMScopeCore

/// Where `vmscope trace` sends what it sees: a human table or JSON Lines.
protocol TraceWriter: AnyObject {
    /// The reader went away (a closed pipe): stop tracing.
    var outputBroken: Bool { get }
    func begin(pid: Int32, command: [String], source: String, note: String?, startTime: UInt64)
    /// One drain's worth of events; fault buckets are coalesced into runs here.
    func events(_ events: [MemoryEvent], timeline: Timeline)
    func snapshot(_ snapshot: AddressSpaceSnapshot, report: ReconcileReport, regionsChanged: Bool,
                  lostTotal: UInt64)
    func finish(exitStatus: Int32?, interrupted: Bool, timeline: Timeline, lostTotal: UInt64)
}
