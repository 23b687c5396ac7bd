/// A process's whole address space at one moment, as read from /proc.
public struct AddressSpaceSnapshot: Sendable, Hashable {
    /// CLOCK_MONOTONIC nanoseconds when the maps file was read.
    public var timestamp: UInt64
    public var pid: Int32
    /// Sorted by `start`, non-overlapping, classified.
    public var regions: [Region]

    public init(timestamp: UInt64, pid: Int32, regions: [Region]) {
        self.timestamp = timestamp
        self.pid = pid
        self.regions = regions
    }
}
