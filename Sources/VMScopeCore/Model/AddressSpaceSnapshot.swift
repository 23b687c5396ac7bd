/// A process's whole address space at one moment, as read from /proc.
public struct AddressSpaceSnapshot: Sendable, Hashable {
    /// CLOCK_MONOTONIC nanoseconds when the maps file was read.
    public var timestamp: UInt64
    public var pid: Int32
    /// Sorted by `start`, non-overlapping, classified.
    public var regions: [Region]
    /// Who the pid was when it was read (stat and the exe link, which the reader needs anyway):
    /// callers check for a reused pid or an exec from it instead of reading both again. Nil when
    /// maps was empty (stat not read) or the snapshot was not read from /proc.
    public var identity: ProcessIdentity?

    public init(timestamp: UInt64, pid: Int32, regions: [Region], identity: ProcessIdentity? = nil) {
        self.timestamp = timestamp
        self.pid = pid
        self.regions = regions
        self.identity = identity
    }
}
