/// Normalisation: one canonical shape for layouts that describe the same memory.
///
/// The kernel merges adjacent VMAs whose attributes are identical, but not always (anon_vma
/// history, userfaultfd, mempolicy...), and a layout built from events has its own boundaries.
/// Comparing two layouts therefore first merges every adjacent pair that maps "the same thing".
extension AddressSpaceEditor {
    /// `regions` (sorted, non-overlapping) with adjacent equivalent regions merged. The merged
    /// region keeps the first piece's kind and every attribute that was known on either piece.
    public static func normalized(_ regions: [Region]) -> [Region] {
        var result: [Region] = []
        result.reserveCapacity(regions.count)
        for region in regions {
            if let last = result.last, canMerge(last, region) {
                result[result.count - 1] = merge(last, region)
            } else {
                result.append(region)
            }
        }
        return result
    }

    /// `previous` extended over `next` (which `canMerge` allowed), keeping any known inode.
    static func merge(_ previous: Region, _ next: Region) -> Region {
        var merged = previous
        merged.end = next.end
        if merged.inode == 0, next.inode != 0 {
            merged.inode = next.inode
            merged.deviceMajor = next.deviceMajor
            merged.deviceMinor = next.deviceMinor
        }
        return merged
    }

    /// Whether `next` continues `previous` as one mapping would: touching, same permissions,
    /// same name, same file (when both inodes are known; layouts built from events do not know
    /// them), contiguous file offsets for file mappings, and both anonymous or both file-backed.
    /// Deleted-ness is not compared: events cannot carry it, and one file is either deleted or not.
    public static func canMerge(_ previous: Region, _ next: Region) -> Bool {
        guard previous.end == next.start,
              previous.permissions == next.permissions,
              previous.pathname == next.pathname,
              previous.isFileBacked == next.isFileBacked
        else { return false }
        if previous.inode != 0, next.inode != 0 {
            guard previous.inode == next.inode,
                  previous.deviceMajor == next.deviceMajor,
                  previous.deviceMinor == next.deviceMinor
            else { return false }
        }
        if previous.isFileBacked {
            // /proc shows 0 as the offset of anonymous memory, so only files need continuity.
            return next.offset == previous.offset &+ previous.size
        }
        return true
    }

    /// Whether two layouts describe the same memory: after normalisation, the same ranges with
    /// the same permissions, names and (for files) offsets. Inode, device, deleted-ness and kind
    /// are left out: events cannot carry them, and the caller re-classifies kinds.
    public static func sameLayout(_ lhs: [Region], _ rhs: [Region]) -> Bool {
        let left = normalized(lhs)
        let right = normalized(rhs)
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) {
            guard a.start == b.start, a.end == b.end, a.permissions == b.permissions,
                  a.pathname == b.pathname, a.isFileBacked == b.isFileBacked,
                  !a.isFileBacked || a.offset == b.offset
            else { return false }
        }
        return true
    }
}
