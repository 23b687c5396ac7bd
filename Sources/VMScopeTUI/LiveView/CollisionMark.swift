import VMScopeCore

/// A moment the heap and the mmap area met, as the live view shows it: a `✕` on the bar and the
/// gauge, and a line in the event log saying why.
public struct CollisionMark: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// brk asked to grow the heap into a mapping; the kernel kept the old break.
        case brkRefused
        /// With no room left between heap and mmap area, a mapping was placed below the heap
        /// (or below the program): the mmap area went round to the far side.
        case mmapBelowHeap
    }

    public var kind: Kind
    /// Where it happened: the start of the mapping in the way of a refused brk, or where the
    /// misplaced mapping landed. The bar's `✕` goes in the column holding it.
    public var address: UInt64
    /// CLOCK_MONOTONIC ns of the call.
    public var timestamp: UInt64
    /// The log line's words: `brk to 0x… refused: mapping at 0x… in the way`.
    public var reason: String

    public init(kind: Kind, address: UInt64, timestamp: UInt64, reason: String) {
        self.kind = kind
        self.address = address
        self.timestamp = timestamp
        self.reason = reason
    }
}
