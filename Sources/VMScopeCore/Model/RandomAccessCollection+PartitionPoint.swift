extension RandomAccessCollection {
    /// The first index whose element satisfies `isAtOrAbove`, in a collection where the
    /// elements that do form a suffix (say, sorted by address and asked "starts at or above
    /// X?"): a binary search. `endIndex` when none does.
    public func partitionPoint(where isAtOrAbove: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let mid = index(low, offsetBy: half)
            if try isAtOrAbove(self[mid]) {
                count = half
            } else {
                low = index(after: mid)
                count -= half + 1
            }
        }
        return low
    }
}
