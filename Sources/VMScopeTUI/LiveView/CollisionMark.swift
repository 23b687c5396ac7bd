import VMScopeCore

/// A moment the heap and the mmap area met (VMScopeCore's `Collision`, found by the Timeline as
/// the call was applied), as the live view marks it: a `✕` on the bar and the gauge.
public struct CollisionMark: Sendable, Hashable {
    public var collision: Collision
    /// CLOCK_MONOTONIC ns of the call: marks fade after `ProcessViewModel.collisionDuration`.
    public var timestamp: UInt64

    public init(_ collision: Collision, timestamp: UInt64) {
        self.collision = collision
        self.timestamp = timestamp
    }

    /// Where the bar's `✕` goes: the start of the mapping in a refused brk's way, or where the
    /// misplaced mapping landed.
    public var address: UInt64 {
        if case .brkRefused(_, let blockedBy) = collision.kind { return blockedBy.start }
        return collision.range.lowerBound
    }
}
