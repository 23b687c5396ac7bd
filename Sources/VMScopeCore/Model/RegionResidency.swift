/// How much of one region is in memory, from /proc/PID/smaps (what `pmap -x` shows).
public struct RegionResidency: Sendable, Hashable {
    public var resident: UInt64 = 0
    /// Private and shared dirty pages together, as pmap's "Dirty" column.
    public var dirty: UInt64 = 0
    public var swapped: UInt64 = 0

    public init(resident: UInt64 = 0, dirty: UInt64 = 0, swapped: UInt64 = 0) {
        self.resident = resident
        self.dirty = dirty
        self.swapped = swapped
    }
}
