import VMScopeCore

/// Recognises the events in which the heap and the mmap area meet, for the live view to mark.
///
/// A stand-in: the probe side of issue 11 brings VMScopeCore's `CollisionDetector`, which also
/// reads the kernel's gap searches and knows each process's `mmap_base`; when it lands, the view
/// model takes its `Collision`s instead and this type goes. Until then it covers what the events
/// alone show: a refused brk with a mapping in its way, and a non-fixed mmap placed below the
/// heap (or the program) in a layout whose mmap area is above them.
enum CollisionSpotter {
    static let pageSize: UInt64 = 4096

    /// The collision `event` shows, given the layout after it was applied; nil for any other event.
    static func collision(in event: MemoryEvent, regions: [Region], summary: AddressSpaceSummary) -> CollisionMark? {
        switch event.kind {
        case let .failed(.brk, _, requested, _):
            // The kernel refuses a break whose page-aligned end plus a page passes the start of
            // the next mapping (brk: `newbrk + PAGE_SIZE > vm_start_gap(next)`).
            guard let heapTop = summary.heap?.upperBound ?? summary.program?.upperBound, requested > heapTop else { return nil }
            let reach = heapTop..<((requested &+ pageSize - 1) & ~(pageSize - 1) &+ pageSize)
            let first = SortedRegions.firstIndex(endingAbove: reach.lowerBound, in: regions)
            guard first < regions.count, regions[first].start < reach.upperBound, regions[first].kind != .heap else { return nil }
            let obstacle = regions[first]
            return CollisionMark(kind: .brkRefused, address: obstacle.start, timestamp: event.timestamp,
                                 reason: "brk to \(AddressFormatter.format(requested)) refused: "
                                     + "\(obstacle.kind.label) mapping at \(AddressFormatter.format(obstacle.start)) in the way")
        case let .mmap(address, length, _, flags, _, _, _):
            // Placed where it was asked (MAP_FIXED*), a mapping says nothing about room.
            guard !flags.contains(.fixed), !flags.contains(.fixedNoReplace),
                  let mmap = summary.mmapArea, let bottom = summary.heap?.lowerBound ?? summary.program?.lowerBound,
                  mmap.lowerBound >= (summary.heap?.upperBound ?? summary.program?.upperBound ?? 0),
                  address < bottom else { return nil }
            let below = address >= (summary.program?.upperBound ?? 0) ? "the heap" : "the program"
            return CollisionMark(kind: .mmapBelowHeap, address: address, timestamp: event.timestamp,
                                 reason: "mmap of \(ByteFormatter.format(length)) placed at \(AddressFormatter.format(address)), "
                                     + "below \(below): no room left between heap and mmap area")
        default:
            return nil
        }
    }
}
