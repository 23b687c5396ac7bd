/// Where `MemoryEvent`s come from: the eBPF probe or /proc polling. A front end never asks
/// which one it has; it reads `capabilities`.
/// Used from one thread (the run loop); not Sendable on purpose.
public protocol EventSource: AnyObject {
    /// Shown in the header: "eBPF" or "polling".
    var name: String { get }
    /// What this source can see, which decides what the monitor must do itself.
    var capabilities: EventSourceCapabilities { get }
    /// A descriptor that becomes readable when events are waiting, for the run loop's poll(2);
    /// nil when the source must be drained on a timer.
    var pollDescriptor: Int32? { get }
    /// Records the source knows it lost (ring buffer full) since it started.
    var lostRecords: UInt64 { get }
    /// Whether children forked by a watched process are watched too, by the source itself,
    /// from their first instruction (only sources with `.followsChildren`; others ignore it).
    var followChildren: Bool { get set }

    /// Starts following `pid` (a thread-group id). Never reloads anything. `awaitingExec`: the
    /// process is a command vmscope started and released, not yet exec'd: until its exec it is a
    /// copy of vmscope, and what it does (faults, calls) is not the command's.
    func watch(pid: Int32, awaitingExec: Bool) throws
    /// Stops following `pid`.
    func unwatch(pid: Int32)
    /// Everything that arrived since the last call, oldest first, up to the source's budget per
    /// drain. Never blocks.
    func drain() throws -> [MemoryEvent]
    /// The last drain stopped at its budget with records still waiting: records stamped before
    /// it began may not have been handed out yet (a storm's backlog).
    var hasBacklog: Bool { get }
    /// Makes the next drain bring everything counted so far, which the source otherwise hands
    /// over on its own cadence (the kernel's fault counts). For the last drains.
    func flushCounts()
    /// For sources without `.eachCall`: the events that take `pid`'s layout from the previous
    /// snapshot handed here to `snapshot` (a read the monitor made), which becomes the new
    /// baseline; none for the first. Sources that see each call return none.
    func changes(upTo snapshot: AddressSpaceSnapshot) -> [MemoryEvent]
}

extension EventSource {
    public var hasBacklog: Bool { false }
    public func watch(pid: Int32) throws { try watch(pid: pid, awaitingExec: false) }
    public func changes(upTo snapshot: AddressSpaceSnapshot) -> [MemoryEvent] { [] }
    public func flushCounts() {}
}

/// What an `EventSource` can see.
public struct EventSourceCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Every layout-changing call as it happens, stamped by the kernel. Without it the source
    /// only knows the net change between two snapshots (`changes(upTo:)`).
    public static let eachCall = EventSourceCapabilities(rawValue: 1 << 0)
    /// fork, exec (its start and end) and exit of watched processes.
    public static let processEvents = EventSourceCapabilities(rawValue: 1 << 1)
    /// Children of watched processes are followed by the source itself (`followChildren`).
    public static let followsChildren = EventSourceCapabilities(rawValue: 1 << 2)
    /// Page faults (counted per bucket, sampled).
    public static let faults = EventSourceCapabilities(rawValue: 1 << 3)
    /// Layouts read in the kernel at exec and at exit (`.layout`).
    public static let kernelLayouts = EventSourceCapabilities(rawValue: 1 << 4)
}
