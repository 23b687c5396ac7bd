/// One difference between two moments of an address space: the regions it concerns at each
/// moment, by how much they differ, and the events (between the moments) that touched them.
public struct RegionChange: Sendable, Hashable {
    public var kinds: RegionChangeKinds
    /// The regions at the first moment (none for an added region; several for a merge).
    public var before: [Region]
    /// The regions at the second moment (none for a removed region; several for a split).
    public var after: [Region]
    /// Resident bytes of `before` / `after`; nil when smaps had no figures for them (no read
    /// at that moment, or a region whose extent changed since the read). 0 for no regions.
    public var rssBefore: UInt64?
    public var rssAfter: UInt64?
    /// The events whose range overlaps a `before` or `after` region, oldest first: the latest
    /// ones, at most the diff's cap; `moreEvents` counts the earlier ones left out. Page faults
    /// are not listed but counted in `faults`.
    public var events: [MemoryEvent]
    public var moreEvents: Int
    /// Faults the kernel counted in buckets overlapping the regions (a bucket straddling two
    /// changes counts for both).
    public var faults: UInt64

    public init(kinds: RegionChangeKinds, before: [Region], after: [Region], rssBefore: UInt64? = nil,
                rssAfter: UInt64? = nil, events: [MemoryEvent] = [], moreEvents: Int = 0, faults: UInt64 = 0) {
        self.kinds = kinds
        self.before = before
        self.after = after
        self.rssBefore = rssBefore
        self.rssAfter = rssAfter
        self.events = events
        self.moreEvents = moreEvents
        self.faults = faults
    }

    public var sizeBefore: UInt64 { before.reduce(0) { $0 &+ $1.size } }
    public var sizeAfter: UInt64 { after.reduce(0) { $0 &+ $1.size } }
    public var sizeDelta: Int64 { Int64(bitPattern: sizeAfter &- sizeBefore) }

    public var rssDelta: Int64? {
        guard let rssBefore, let rssAfter else { return nil }
        return Int64(bitPattern: rssAfter &- rssBefore)
    }

    /// The address span at the second moment, or at the first for a removed region.
    public var range: Range<UInt64> {
        let regions = after.isEmpty ? before : after
        guard let first = regions.first, let last = regions.last else { return 0..<0 }
        return first.start..<last.end
    }

    /// The span at the first moment (nil for an added region).
    public var rangeBefore: Range<UInt64>? {
        guard let first = before.first, let last = before.last else { return nil }
        return first.start..<last.end
    }

    /// The kind it is at the second moment (the first for a removed region).
    public var regionKind: RegionKind { (after.first ?? before.first)?.kind ?? .anonymous }

    /// Its path (empty for anonymous memory), untrusted.
    public var pathname: String { (after.first ?? before.first)?.pathname ?? "" }

    /// Total events that touched it (listed and not).
    public var eventCount: Int { events.count + moreEvents }
}
