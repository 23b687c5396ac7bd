/// Where `MemoryEvent`s come from: the eBPF probe or /proc polling.
/// Used from one thread (the run loop); not Sendable on purpose.
public protocol EventSource: AnyObject {
    /// Shown in the header: "eBPF" or "polling".
    var name: String { get }
    /// A descriptor that becomes readable when events are waiting, for the run loop's poll(2);
    /// nil when the source must be drained on a timer.
    var pollDescriptor: Int32? { get }
    /// Records the source knows it lost (ring buffer full) since it started.
    var lostRecords: UInt64 { get }

    /// Starts following `pid` (a thread-group id). Never reloads anything.
    func watch(pid: Int32) throws
    /// Stops following `pid`.
    func unwatch(pid: Int32)
    /// Everything that arrived since the last call, oldest first. Never blocks.
    func drain() throws -> [MemoryEvent]
}
