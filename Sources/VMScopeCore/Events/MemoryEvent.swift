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
    /// The system-call interface of a call the probe saw (x86-64 or i386); nil for what is not a
    /// call of the process (faults, forks, exits, layouts) and for events synthesised from /proc.
    public var abi: SyscallABI?
    /// The kernel's searches for a free range made inside this call, in order (usually none or
    /// one; see `GapSearch`).
    public var gapSearches: [GapSearch]
    /// Kept in boxes: nearly every event has none, and events are copied by the million in a storm.
    private var collisionBox: ValueBox<Collision>?
    private var stackBox: ValueBox<UserStack>?

    public init(timestamp: UInt64, tgid: Int32, tid: Int32, kind: MemoryEventKind, abi: SyscallABI? = nil,
                gapSearches: [GapSearch] = [], collision: Collision? = nil, stack: UserStack? = nil) {
        self.timestamp = timestamp
        self.tgid = tgid
        self.tid = tid
        self.kind = kind
        self.abi = abi
        self.gapSearches = gapSearches
        self.collisionBox = collision.map(ValueBox.init)
        self.stackBox = stack.map(ValueBox.init)
    }

    /// The heap and the mmap area meeting in this call (`CollisionDetector`, run by the Timeline
    /// as the event is applied); nil for nearly every event.
    public var collision: Collision? {
        get { collisionBox?.value }
        set { collisionBox = newValue.map(ValueBox.init) }
    }

    /// The user call stack behind the call (brk, mmap, mremap, munmap from the probe when
    /// stacks are on); nil for everything else.
    public var stack: UserStack? {
        get { stackBox?.value }
        set { stackBox = newValue.map(ValueBox.init) }
    }
}
