/// An unmapped gap the bar labels with its size: every compressed break, the large gaps in the
/// other scales, and always the heap↔mmap gap when it is in view.
public struct BarGapLabel: Sendable, Hashable {
    /// The columns the gap occupies (at least one).
    public var columns: Range<Int>
    /// The whole gap, not only the visible part.
    public var addresses: Range<UInt64>
    /// The gap between heap (or program end) and the mmap area.
    public var isHeapMmapGap: Bool

    public var size: UInt64 { addresses.upperBound - addresses.lowerBound }

    public init(columns: Range<Int>, addresses: Range<UInt64>, isHeapMmapGap: Bool) {
        self.columns = columns
        self.addresses = addresses
        self.isHeapMmapGap = isHeapMmapGap
    }
}
