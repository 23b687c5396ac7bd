/// One thing that happened to a watched process's memory, from whichever source saw it
/// (eBPF or /proc polling).
public struct MemoryEvent: Sendable, Hashable {
    /// Nanoseconds on CLOCK_MONOTONIC (the kernel's `bpf_ktime_get_ns`), so eBPF records and
    /// userspace timestamps share one clock.
    public var timestamp: UInt64
    /// Process (thread-group) id.
    public var tgid: Int32
    /// Thread id that made the call or took the fault; equals `tgid` for synthesised events.
    public var tid: Int32
    public var kind: MemoryEventKind

    public init(timestamp: UInt64, tgid: Int32, tid: Int32, kind: MemoryEventKind) {
        self.timestamp = timestamp
        self.tgid = tgid
        self.tid = tid
        self.kind = kind
    }
}
