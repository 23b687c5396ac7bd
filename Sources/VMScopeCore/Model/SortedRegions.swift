/// Binary searches over a sorted, non-overlapping `[Region]` (a snapshot or live layout), the
/// one place the editor, the fault ledger, the snapshot diff, the bar and the view look addresses up.
public enum SortedRegions {
    /// Index of the first region whose end lies above `address` (the first region that could
    /// contain or follow it); `regions.count` when none does.
    public static func firstIndex(endingAbove address: UInt64, in regions: [Region]) -> Int {
        var low = 0
        var high = regions.count
        while low < high {
            let mid = (low + high) / 2
            if regions[mid].end > address { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Index of the first region starting at or above `address`; `regions.count` when none does.
    public static func firstIndex(startingAtOrAbove address: UInt64, in regions: [Region]) -> Int {
        var low = 0
        var high = regions.count
        while low < high {
            let mid = (low + high) / 2
            if regions[mid].start >= address { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Index of the region holding `address`, nil when it falls in a gap.
    public static func index(containing address: UInt64, in regions: [Region]) -> Int? {
        let index = firstIndex(endingAbove: address, in: regions)
        return index < regions.count && regions[index].contains(address) ? index : nil
    }
}
