/// Page-fault counts by address bucket (the kernel aggregates per 64 KiB), kept sorted so a
/// range's share is a binary search plus the buckets near it, and so an munmap can forget its
/// range cheaply.
///
/// Counts are kept per bucket rather than per region because regions split, merge and move with
/// every event. A bucket can span several regions (and gaps, where no fault can happen); its
/// count is shared among the regions in proportion to the bytes of it each maps.
public struct TimelineFaultLedger: Sendable, Hashable {
    struct Bucket: Sendable, Hashable {
        var address: UInt64
        var size: UInt64
        var count: UInt64
        var end: UInt64 { let (sum, overflow) = address.addingReportingOverflow(size); return overflow ? .max : sum }
    }

    /// Sorted by address.
    private var buckets: [Bucket] = []
    /// The largest bucket seen: how far before a range a bucket overlapping it can start.
    private var largestBucket: UInt64 = 1
    /// Every fault ever recorded, including those whose range has since been unmapped.
    public private(set) var total: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { buckets.isEmpty }

    public mutating func record(address: UInt64, size: UInt64, count: UInt64) {
        guard count > 0 else { return }
        total &+= count
        let size = max(size, 1)
        largestBucket = max(largestBucket, size)
        let index = firstIndex(atOrAbove: address)
        if index < buckets.count, buckets[index].address == address {
            buckets[index].count &+= count
            buckets[index].size = max(buckets[index].size, size)
        } else {
            buckets.insert(Bucket(address: address, size: size, count: count), at: index)
        }
    }

    /// `range` widened to every address a bucket overlapping it can cover.
    public func reach(of range: Range<UInt64>) -> Range<UInt64> {
        let lower = range.lowerBound >= largestBucket ? range.lowerBound - largestBucket : 0
        let (upper, overflow) = range.upperBound.addingReportingOverflow(largestBucket)
        return lower..<(overflow ? .max : upper)
    }

    /// One count per region of `regions` (sorted, non-overlapping): each bucket's count divided
    /// among the regions overlapping it by bytes overlapped (remainders to the largest share).
    /// Buckets overlapping no region are left out. O(buckets · log regions + overlaps).
    public func counts(for regions: [Region]) -> [UInt64] {
        var result = [UInt64](repeating: 0, count: regions.count)
        guard !buckets.isEmpty, !regions.isEmpty else { return result }
        var start = firstIndex(atOrAbove: regions[0].start >= largestBucket ? regions[0].start - largestBucket : 0)
        let limit = regions[regions.count - 1].end
        var shares: [(index: Int, bytes: UInt64)] = []
        while start < buckets.count, buckets[start].address < limit {
            let bucket = buckets[start]
            start += 1
            shares.removeAll(keepingCapacity: true)
            var regionIndex = SortedRegions.firstIndex(endingAbove: bucket.address, in: regions)
            var mapped: UInt64 = 0
            while regionIndex < regions.count, regions[regionIndex].start < bucket.end {
                let region = regions[regionIndex]
                let bytes = min(region.end, bucket.end) - max(region.start, bucket.address)
                shares.append((regionIndex, bytes))
                mapped += bytes
                regionIndex += 1
            }
            guard mapped > 0 else { continue }
            if shares.count == 1 {
                result[shares[0].index] &+= bucket.count
                continue
            }
            var given: UInt64 = 0
            var largest = 0
            for (position, share) in shares.enumerated() {
                // Multiply in 128-bit terms to avoid overflow for huge counts.
                let part = bucket.count.multipliedFullWidth(by: share.bytes)
                let (quotient, _) = mapped.dividingFullWidth(part)
                result[share.index] &+= quotient
                given &+= quotient
                if share.bytes > shares[largest].bytes { largest = position }
            }
            result[shares[largest].index] &+= bucket.count &- given
        }
        return result
    }

    /// Drops the buckets lying wholly in `range` (unmapped or replaced: the memory is new).
    /// Buckets reaching outside keep their count for the part still mapped. The total keeps all.
    public mutating func forget(_ range: Range<UInt64>) {
        _ = take(range)
    }

    /// Moves the buckets lying wholly in `range` so the range starts at `newStart` (mremap moved
    /// the memory, and its fault history with it).
    public mutating func move(_ range: Range<UInt64>, to newStart: UInt64) {
        guard newStart != range.lowerBound else { return }
        let moving = take(range)
        guard !moving.isEmpty else { return }
        // The target was mapped afresh: whatever was counted there belonged to older memory.
        let span = range.upperBound - range.lowerBound
        let (targetEnd, overflow) = newStart.addingReportingOverflow(span)
        forget(newStart..<(overflow ? .max : targetEnd))
        let savedTotal = total
        for bucket in moving {
            record(address: bucket.address - range.lowerBound &+ newStart, size: bucket.size,
                   count: bucket.count)
        }
        total = savedTotal
    }

    /// Removes and returns the buckets lying wholly in `range`.
    private mutating func take(_ range: Range<UInt64>) -> [Bucket] {
        let lower = firstIndex(atOrAbove: range.lowerBound)
        var upper = lower
        while upper < buckets.count, buckets[upper].address < range.upperBound { upper += 1 }
        guard lower < upper else { return [] }
        var taken: [Bucket] = []
        var kept: [Bucket] = []
        for bucket in buckets[lower..<upper] {
            if bucket.end <= range.upperBound { taken.append(bucket) } else { kept.append(bucket) }
        }
        if !taken.isEmpty { buckets.replaceSubrange(lower..<upper, with: kept) }
        return taken
    }

    public mutating func removeAll() {
        buckets.removeAll()
    }

    private func firstIndex(atOrAbove address: UInt64) -> Int {
        var low = 0
        var high = buckets.count
        while low < high {
            let mid = (low + high) / 2
            if buckets[mid].address >= address { high = mid } else { low = mid + 1 }
        }
        return low
    }


}
