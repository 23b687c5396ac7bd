/// Applies memory events to an address space the way Linux does on x86-64 with 4 KiB pages.
///
/// The layout is a sorted, non-overlapping `[Region]`. Every edit finds the affected regions by
/// binary search and rewrites only that slice of the array, so one event costs
/// O(log n + affected regions) plus the array's element shift — processes can have 65 000
/// regions and eBPF can deliver thousands of events a second.
///
/// Kinds of new regions are provisional (`.anonymous`, `.sharedMemory`, `.file`, `.heap`); the
/// owner re-classifies the whole layout when it needs kinds to be right.
public struct AddressSpaceEditor: Sendable, Hashable {
    public static let pageSize: UInt64 = 4096

    /// `mremap` flag: leave the old range mapped (Linux 5.7+).
    public static let remapDontUnmap: UInt32 = 4

    /// The pathname the kernel gives the brk heap.
    public static let heapPathname = "[heap]"

    /// Sorted by `start`, non-overlapping.
    public private(set) var regions: [Region]

    /// `regions` must be sorted by `start` and non-overlapping (as /proc/PID/maps is).
    public init(regions: [Region] = []) {
        self.regions = regions
    }

    // MARK: - Page arithmetic

    /// Rounds up to a page boundary, saturating at the last page so garbage lengths cannot trap.
    public static func pageAlignUp(_ value: UInt64) -> UInt64 {
        let (sum, overflow) = value.addingReportingOverflow(pageSize - 1)
        return overflow ? pageAlignDown(.max) : pageAlignDown(sum)
    }

    public static func pageAlignDown(_ value: UInt64) -> UInt64 {
        value & ~(pageSize - 1)
    }

    /// `[start, start + pageAlignUp(length))` as the kernel computes it, saturating instead of
    /// wrapping (the kernel would have refused such a call, so no real event has it).
    static func pageRange(start: UInt64, length: UInt64) -> Range<UInt64> {
        let lower = pageAlignDown(start)
        let (end, overflow) = start.addingReportingOverflow(pageAlignUp(length))
        let upper = overflow ? pageAlignDown(.max) : pageAlignUp(end)
        return lower..<max(lower, upper)
    }

    // MARK: - Lookup

    /// Index of the first region whose end lies above `address` (the first region that could
    /// contain or follow it); `regions.count` when none does.
    public func firstIndex(endingAbove address: UInt64) -> Int {
        SortedRegions.firstIndex(endingAbove: address, in: regions)
    }

    /// Index of the first region starting at or above `address`.
    func firstIndex(startingAtOrAbove address: UInt64) -> Int {
        SortedRegions.firstIndex(startingAtOrAbove: address, in: regions)
    }

    public func index(containing address: UInt64) -> Int? {
        SortedRegions.index(containing: address, in: regions)
    }

    public func region(containing address: UInt64) -> Region? {
        index(containing: address).map { regions[$0] }
    }

    /// Indices of the regions that overlap `range`.
    func indices(overlapping range: Range<UInt64>) -> Range<Int> {
        let first = firstIndex(endingAbove: range.lowerBound)
        let last = firstIndex(startingAtOrAbove: range.upperBound)
        return first..<max(first, last)
    }

    /// Whether every byte of `range` is mapped.
    func covers(_ range: Range<UInt64>) -> Bool {
        var position = range.lowerBound
        for index in indices(overlapping: range) {
            guard regions[index].start <= position else { return false }
            position = regions[index].end
            if position >= range.upperBound { return true }
        }
        return position >= range.upperBound
    }

    // MARK: - Primitive edits

    /// Makes `replacement` the whole content of `range`: whatever overlapped it is cut away
    /// (neighbours straddling an edge keep their outside part). `replacement` must be sorted and
    /// lie inside `range`.
    public mutating func replace(_ range: Range<UInt64>, with replacement: [Region]) {
        guard !range.isEmpty else { return }
        let affected = indices(overlapping: range)
        // The two edits a storm is made of, without building anything: a mapping into a gap,
        // and the removal of whole regions.
        if affected.isEmpty {
            regions.insert(contentsOf: replacement, at: affected.lowerBound)
            mergeNeighbours(of: affected.lowerBound..<(affected.lowerBound + replacement.count))
            return
        }
        if replacement.isEmpty, regions[affected.lowerBound].start >= range.lowerBound,
           regions[affected.upperBound - 1].end <= range.upperBound {
            regions.removeSubrange(affected)
            return
        }
        var rebuilt: [Region] = []
        rebuilt.reserveCapacity(replacement.count + 2)
        if let first = affected.first, regions[first].start < range.lowerBound {
            rebuilt.append(Self.slice(regions[first], from: regions[first].start, to: range.lowerBound))
        }
        rebuilt.append(contentsOf: replacement)
        if let last = affected.last, regions[last].end > range.upperBound {
            rebuilt.append(Self.slice(regions[last], from: range.upperBound, to: regions[last].end))
        }
        regions.replaceSubrange(affected, with: rebuilt)
        mergeNeighbours(of: affected.lowerBound..<(affected.lowerBound + rebuilt.count))
    }

    /// Places `region` over whatever was in its range (MAP_FIXED semantics).
    public mutating func map(_ region: Region) {
        let range = region.start..<region.end
        let affected = indices(overlapping: range)
        if affected.isEmpty, !range.isEmpty {
            // Into a gap, the common case: no array for one region.
            regions.insert(region, at: affected.lowerBound)
            mergeNeighbours(of: affected.lowerBound..<(affected.lowerBound + 1))
            return
        }
        replace(range, with: [region])
    }

    /// Empties the layout (exec replaced it).
    public mutating func removeAll() {
        regions.removeAll(keepingCapacity: true)
    }

    /// Removes `range`, splitting regions that straddle its edges.
    public mutating func unmap(_ range: Range<UInt64>) {
        replace(range, with: [])
    }

    /// Changes r/w/x of the mapped parts of `range`; private/shared is a property of the mapping
    /// and stays. Gaps stay gaps (the kernel would have failed with ENOMEM, but a partly applied
    /// change is what it leaves behind).
    public mutating func protect(_ range: Range<UInt64>, protection: MapProtection) {
        guard !range.isEmpty else { return }
        let affected = indices(overlapping: range)
        guard !affected.isEmpty else { return }
        var rebuilt: [Region] = []
        rebuilt.reserveCapacity(affected.count + 2)
        for index in affected {
            let region = regions[index]
            let lower = max(region.start, range.lowerBound)
            let upper = min(region.end, range.upperBound)
            if region.start < lower { rebuilt.append(Self.slice(region, from: region.start, to: lower)) }
            var changed = Self.slice(region, from: lower, to: upper)
            changed.permissions = Permissions(protection: protection, shared: region.permissions.shared)
            rebuilt.append(changed)
            if upper < region.end { rebuilt.append(Self.slice(region, from: upper, to: region.end)) }
        }
        regions.replaceSubrange(affected, with: rebuilt)
        mergeNeighbours(of: affected.lowerBound..<(affected.lowerBound + rebuilt.count))
    }

    /// Merges the regions at `indices` and their two outer neighbours where they continue each
    /// other, as the kernel's vma_merge does: a heap grown by a thousand brk calls stays one
    /// `[heap]` region, and the region table looks like /proc's.
    private mutating func mergeNeighbours(of indices: Range<Int>) {
        let lower = max(0, indices.lowerBound - 1)
        let upper = min(regions.count, indices.upperBound + 1)
        guard upper - lower > 1 else { return }
        // Most edits merge nothing (a mapping in a gap, an unmap): find out before rebuilding.
        guard (lower + 1..<upper).contains(where: { Self.canMerge(regions[$0 - 1], regions[$0]) }) else { return }
        var merged: [Region] = []
        merged.reserveCapacity(upper - lower)
        for index in lower..<upper {
            let region = regions[index]
            if let last = merged.last, Self.canMerge(last, region) {
                merged[merged.count - 1] = Self.merge(last, region)
            } else {
                merged.append(region)
            }
        }
        regions.replaceSubrange(lower..<upper, with: merged)
    }

    /// The part `[from, to)` of `region`; a file mapping's offset advances with the start so the
    /// piece still names the same file bytes.
    static func slice(_ region: Region, from lower: UInt64, to upper: UInt64) -> Region {
        var piece = region
        if region.isFileBacked, lower > region.start {
            piece.offset = region.offset &+ (lower - region.start)
        }
        piece.start = lower
        piece.end = upper
        return piece
    }
}
