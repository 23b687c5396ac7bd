/// A recently sampled user page fault, for the heat strip. Consecutive samples on one page are
/// folded into one entry with a count.
public struct TimelineRecentFault: Sendable, Hashable {
    /// Page-aligned faulting address.
    public var address: UInt64
    /// Samples folded into this entry.
    public var count: UInt64
    /// CLOCK_MONOTONIC nanoseconds of the latest sample.
    public var timestamp: UInt64

    public init(address: UInt64, count: UInt64, timestamp: UInt64) {
        self.address = address
        self.count = count
        self.timestamp = timestamp
    }
}
