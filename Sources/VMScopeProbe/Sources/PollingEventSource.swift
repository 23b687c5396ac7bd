import VMScopeCore

/// The event source used without eBPF: it re-reads /proc/PID/maps and reports the difference
/// from the previous read as synthetic events (`SnapshotDiff`). It sees the net effect of what
/// happened between reads, not each call, and no page faults, and it cannot see a process
/// before its first read.
public final class PollingEventSource: EventSource {
    public let name = "polling"
    public let capabilities: EventSourceCapabilities = []
    /// Polling cannot see forks: the monitor finds children through their parent links.
    public var followChildren = false
    public var pollDescriptor: Int32? { nil }
    public var lostRecords: UInt64 { 0 }

    private let reader: SnapshotReader
    private let interval: UInt64
    private var previous: [Int32: AddressSpaceSnapshot] = [:]
    private var watched: [Int32] = []
    private var lastRead: UInt64 = 0

    /// `interval` (nanoseconds) is the least time between reads of each maps file.
    public init(interval: UInt64, reader: SnapshotReader = SnapshotReader()) {
        self.interval = interval
        self.reader = reader
    }

    public func watch(pid: Int32, awaitingExec: Bool) throws {
        if !watched.contains(pid) { watched.append(pid) }
        // The baseline is taken on the first drain, not here: a command started paused still
        // shows vmscope's own image until it execs.
    }

    public func unwatch(pid: Int32) {
        watched.removeAll { $0 == pid }
        previous[pid] = nil
    }

    /// The events between the last read of `pid` and `snapshot`, a read the caller made itself,
    /// which becomes the new baseline; with `rebase` (the caller's first snapshot) none, only
    /// the baseline is set. A caller that reconciles its own snapshots takes them through here,
    /// so the events and the snapshot describe the same instant.
    public func events(upTo snapshot: AddressSpaceSnapshot, of pid: Int32, rebase: Bool = false) -> [MemoryEvent] {
        defer { previous[pid] = snapshot }
        guard !rebase, let old = previous[pid] else { return [] }
        return SnapshotDiff.events(from: old, to: snapshot)
    }

    public func changes(upTo snapshot: AddressSpaceSnapshot) -> [MemoryEvent] {
        events(upTo: snapshot, of: snapshot.pid)
    }

    public func drain() throws -> [MemoryEvent] {
        let now = MonotonicClock.now()
        guard now >= lastRead + interval else { return [] }
        lastRead = now
        var events: [MemoryEvent] = []
        for pid in watched {
            // A process that is gone or unreadable yields nothing; the caller notices its exit.
            guard let snapshot = try? reader.read(pid: pid), !snapshot.regions.isEmpty else { continue }
            if let old = previous[pid] { events += SnapshotDiff.events(from: old, to: snapshot) }
            previous[pid] = snapshot
        }
        return events
    }
}
