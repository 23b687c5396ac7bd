import VMScopeCore

/// Address → column look-ups on a laid-out bar, for the bar's flashes and selection marker. Columns are contiguous and increasing, so every look-up is a binary search.
enum BarGeometry {
    /// Index of the first column whose addresses end above `address` (columns.count if none).
    static func firstColumn(endingAbove address: UInt64, in columns: [BarColumn]) -> Int {
        var low = 0, high = columns.count
        while low < high {
            let mid = (low + high) / 2
            if columns[mid].addresses.upperBound <= address { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The columns whose address ranges overlap `range`; empty when it is off the bar.
    static func columns(covering range: Range<UInt64>, in columns: [BarColumn]) -> Range<Int> {
        guard !range.isEmpty, !columns.isEmpty else { return 0..<0 }
        let first = firstColumn(endingAbove: range.lowerBound, in: columns)
        var end = first
        // Walk rather than search again: callers draw every covered column anyway.
        while end < columns.count, columns[end].addresses.lowerBound < range.upperBound {
            end += 1
        }
        // Columns with an empty address range (a window narrower than the width) still count
        // when they sit inside the range.
        return first..<max(first, end)
    }
}
