/// What differs between two moments of one process's address space: regions added, removed,
/// grown, shrunk, moved, re-protected, split, merged or with other resident memory, each with
/// the events between the moments that touched it; and size and RSS totals per region kind.
///
/// Regions are matched by address overlap between mappings of the same backing (same path,
/// inode, sharing and, for files, the same file offset at the same address): a brk heap that
/// grew keeps its start and is one change, an anonymous mapping replaced by a file mapping at
/// the same address is a removal and an addition. A mapping an mremap moved is followed
/// through the event. A mapping merged into a neighbour (the kernel joins adjacent anonymous
/// mappings alike) is reported as added when an mmap made exactly the part that grew.
public struct AddressSpaceDiff: Sendable, Hashable {
    /// How many events a change lists before only counting the rest.
    public static let defaultEventCap = 8

    /// The two moments (CLOCK_MONOTONIC ns, as events are stamped).
    public var from: UInt64
    public var to: UInt64
    /// In address order (the second moment's address; the first's for removed regions).
    public var changes: [RegionChange]
    /// One per region kind present at either moment, in `RegionKind.allCases` order.
    public var totals: [DiffTotal]
    public var overall: DiffTotal
    /// Events between the moments that were given to the diff.
    public var eventCount: Int
    /// Events between the moments that the caller could not keep (a live mark keeps a bounded
    /// number): causes may be missing from the changes.
    public var eventsNotKept: Int
    /// Records the kernel dropped between the moments: causes may be missing.
    public var lostRecords: UInt64
    /// The program was replaced (exec) between the moments: most changes are that.
    public var execs: Int

    /// - Parameters:
    ///   - before, after: the classified layouts at the two moments (sorted, non-overlapping).
    ///   - residencyBefore, residencyAfter: smaps figures read at each moment, when there are.
    ///   - events: what happened between the moments, oldest first (stacks kept if present).
    public init(before: [Region], after: [Region], residencyBefore: ResidencyTable? = nil,
                residencyAfter: ResidencyTable? = nil, events: [MemoryEvent] = [], from: UInt64 = 0,
                to: UInt64 = 0, eventsNotKept: Int = 0, eventCap: Int = AddressSpaceDiff.defaultEventCap) {
        let before = before.sorted { $0.start < $1.start }
        let after = after.sorted { $0.start < $1.start }
        self.from = from
        self.to = to
        self.eventCount = events.count
        self.eventsNotKept = eventsNotKept
        var lost: UInt64 = 0
        var execs = 0
        for event in events {
            switch event.kind {
            case let .lost(count): lost &+= count
            case .exec: execs += 1
            default: break
            }
        }
        lostRecords = lost
        self.execs = execs

        var changes = DiffMatcher.changes(before: before, after: after, residencyBefore: residencyBefore,
                                          residencyAfter: residencyAfter, events: events)
        changes.sort { $0.range.lowerBound < $1.range.lowerBound }
        DiffCauses.attribute(events, to: &changes, cap: max(0, eventCap))
        self.changes = changes

        var byKind: [RegionKind: DiffTotal] = [:]
        var overall = DiffTotal(kind: nil)
        for region in before {
            byKind[region.kind, default: DiffTotal(kind: region.kind)].add(before: region, residency: residencyBefore)
            overall.add(before: region, residency: residencyBefore)
        }
        for region in after {
            byKind[region.kind, default: DiffTotal(kind: region.kind)].add(after: region, residency: residencyAfter)
            overall.add(after: region, residency: residencyAfter)
        }
        // A side without an smaps read has no RSS figures for any kind, not 0.
        for kind in byKind.keys {
            if residencyBefore != nil, byKind[kind]!.rssBefore == nil { byKind[kind]!.rssBefore = 0 }
            if residencyAfter != nil, byKind[kind]!.rssAfter == nil { byKind[kind]!.rssAfter = 0 }
        }
        if residencyBefore != nil, overall.rssBefore == nil { overall.rssBefore = 0 }
        if residencyAfter != nil, overall.rssAfter == nil { overall.rssAfter = 0 }
        totals = RegionKind.allCases.compactMap { byKind[$0] }
        self.overall = overall
    }

    /// The moments are alike: no change at all.
    public var isEmpty: Bool { changes.isEmpty }

    /// The per-kind totals that differ between the moments.
    public var changedTotals: [DiffTotal] { totals.filter { !$0.isUnchanged } }
}
