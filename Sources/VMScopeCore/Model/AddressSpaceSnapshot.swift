/// A process's whole address space at one moment, as read from /proc or by the probe in the
/// kernel.
public struct AddressSpaceSnapshot: Sendable, Hashable {
    /// Where a snapshot was read.
    public enum Origin: Sendable, Hashable {
        /// /proc/PID/maps: a read that takes time while the process keeps running.
        case proc
        /// The probe, inside the kernel, at an instant nothing else could change the layout.
        case kernel(KernelLayout.Moment)
    }

    /// CLOCK_MONOTONIC nanoseconds when the read began: every change stamped at or before it is
    /// in the snapshot.
    public var timestamp: UInt64
    /// When the read finished. A change stamped after `timestamp` and up to a little after this
    /// (a record is stamped just after its change) may or may not be in it.
    public var readEnd: UInt64
    public var pid: Int32
    /// Sorted by `start`, non-overlapping, classified.
    public var regions: [Region]
    /// Who the pid was when it was read (stat and the exe link, which the reader needs anyway):
    /// callers check for a reused pid or an exec from it instead of reading both again. Nil when
    /// maps was empty (stat not read) or the snapshot was not read from /proc.
    public var identity: ProcessIdentity?
    public var origin: Origin

    public init(timestamp: UInt64, readEnd: UInt64? = nil, pid: Int32, regions: [Region],
                identity: ProcessIdentity? = nil, origin: Origin = .proc) {
        self.timestamp = timestamp
        self.readEnd = max(timestamp, readEnd ?? timestamp)
        self.pid = pid
        self.regions = regions
        self.identity = identity
        self.origin = origin
    }
}
