/// Page-fault counts by address bucket, kept sorted so the count of any range (a region) is a
/// binary search plus the buckets inside it, and so an munmap can forget its range cheaply.
///
/// Counts are kept per bucket rather than per region because regions split, merge and move
/// with every event; attributing by address keeps every split piece's share right.
public struct TimelineFaultLedger: Sendable, Hashable {
    /// Bucket start addresses, ascending, parallel to `counts`.
    private var addresses: [UInt64] = []
    private var counts: [UInt64] = []
    /// Every fault ever recorded, including those whose range has since been unmapped.
    public private(set) var total: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { addresses.isEmpty }

    public mutating func record(address: UInt64, count: UInt64) {
        guard count > 0 else { return }
        total &+= count
        let index = firstIndex(atOrAbove: address)
        if index < addresses.count, addresses[index] == address {
            counts[index] &+= count
        } else {
            addresses.insert(address, at: index)
            counts.insert(count, at: index)
        }
    }

    /// Faults recorded in buckets starting inside `range`.
    public func count(in range: Range<UInt64>) -> UInt64 {
        var sum: UInt64 = 0
        var index = firstIndex(atOrAbove: range.lowerBound)
        while index < addresses.count, addresses[index] < range.upperBound {
            sum &+= counts[index]
            index += 1
        }
        return sum
    }

    /// One count per region of `regions` (sorted, non-overlapping), in one pass.
    public func counts(for regions: [Region]) -> [UInt64] {
        var result = [UInt64](repeating: 0, count: regions.count)
        guard !addresses.isEmpty else { return result }
        var bucket = 0
        for (regionIndex, region) in regions.enumerated() {
            if bucket < addresses.count, addresses[bucket] < region.start {
                bucket = firstIndex(atOrAbove: region.start)
            }
            while bucket < addresses.count, addresses[bucket] < region.end {
                result[regionIndex] &+= counts[bucket]
                bucket += 1
            }
        }
        return result
    }

    /// Drops the buckets in `range` (it was unmapped or replaced: the memory is new).
    /// The grand total keeps them.
    public mutating func forget(_ range: Range<UInt64>) {
        let lower = firstIndex(atOrAbove: range.lowerBound)
        let upper = firstIndex(atOrAbove: range.upperBound)
        guard lower < upper else { return }
        addresses.removeSubrange(lower..<upper)
        counts.removeSubrange(lower..<upper)
    }

    /// Moves the buckets in `range` so they start at `newStart` (mremap moved the memory).
    public mutating func move(_ range: Range<UInt64>, to newStart: UInt64) {
        let lower = firstIndex(atOrAbove: range.lowerBound)
        let upper = firstIndex(atOrAbove: range.upperBound)
        guard lower < upper, newStart != range.lowerBound else { return }
        let moved = zip(addresses[lower..<upper], counts[lower..<upper]).map {
            ($0.0 - range.lowerBound &+ newStart, $0.1)
        }
        forget(range)
        // The target range was just mapped afresh, so it holds no buckets of its own.
        let span = range.upperBound - range.lowerBound
        forget(newStart..<(newStart &+ span < newStart ? .max : newStart &+ span))
        let saved = total
        for (address, count) in moved { record(address: address, count: count) }
        total = saved
    }

    public mutating func removeAll() {
        addresses.removeAll()
        counts.removeAll()
    }

    private func firstIndex(atOrAbove address: UInt64) -> Int {
        var low = 0
        var high = addresses.count
        while low < high {
            let mid = (low + high) / 2
            if addresses[mid] >= address { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
