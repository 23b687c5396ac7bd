import VMScopeCore

/// The event source used without eBPF. It sees no calls: the monitor reads /proc/PID/maps on
/// its cadence and hands each snapshot here, and the difference from the previous one comes
/// back as synthetic events (`SnapshotDiff`) — the net effect of what happened between reads,
/// not each call, no page faults, nothing before the first read. maps is read once per
/// interval, by the monitor.
public final class PollingEventSource: EventSource {
    public let name = "polling"
    public let capabilities: EventSourceCapabilities = []
    /// Polling cannot see forks: the monitor finds children through their parent links.
    public var followChildren = false
    public var pollDescriptor: Int32? { nil }
    public var lostRecords: UInt64 { 0 }

    /// The previous snapshot of each watched process: the baseline of the next difference.
    private var previous: [Int32: AddressSpaceSnapshot] = [:]

    public init() {}

    /// The baseline is the first snapshot the monitor reads (a command started paused still
    /// shows vmscope's own image until it execs, and the monitor does not read it before).
    public func watch(pid: Int32, awaitingExec: Bool) throws {}

    public func unwatch(pid: Int32) {
        previous[pid] = nil
    }

    /// The events between the previous snapshot of its process and `snapshot`, which becomes the
    /// new baseline; none for the first.
    public func changes(upTo snapshot: AddressSpaceSnapshot) -> [MemoryEvent] {
        defer { previous[snapshot.pid] = snapshot }
        guard let old = previous[snapshot.pid] else { return [] }
        return SnapshotDiff.events(from: old, to: snapshot)
    }

    /// Nothing arrives on its own: everything comes through `changes(upTo:)`.
    public func drain() throws -> [MemoryEvent] { [] }
}
