/// Pairs the regions of two moments into changes (see `AddressSpaceDiff` for the rules).
///
/// Regions of the same backing that overlap are one group (union-find over the overlap pairs,
/// found with one binary search per region of the first moment); a group is one change. A
/// region that only the first moment has is then followed through the mremap moves between
/// the moments to a region only the second moment has.
enum DiffMatcher {
    struct Group {
        var before: [Int] = []
        var after: [Int] = []
        var moved = false
    }

    static func changes(before: [Region], after: [Region], residencyBefore: ResidencyTable?,
                        residencyAfter: ResidencyTable?, events: [MemoryEvent]) -> [RegionChange] {
        let groups = groups(before: before, after: after, events: events)
        let created = createdRanges(in: events)
        var changes: [RegionChange] = []
        for group in groups {
            let old = group.before.map { before[$0] }
            let new = group.after.map { after[$0] }
            for piece in carveMergedMappings(old: old, new: new, moved: group.moved, created: created) {
                let change = describe(old: piece.old, new: piece.new, moved: group.moved,
                                      residencyBefore: residencyBefore, residencyAfter: residencyAfter)
                if let change { changes.append(change) }
            }
        }
        return changes
    }

    /// Same path, inode, sharing and file-backedness; for a region that did not move, also the
    /// same file offset at the same address (another offset is another mapping of the file).
    static func sameBacking(_ a: Region, _ b: Region, moved: Bool) -> Bool {
        a.pathname == b.pathname && a.isFileBacked == b.isFileBacked && a.inode == b.inode
            && a.permissions.shared == b.permissions.shared
            && (moved || !a.isFileBacked || a.offset &- a.start == b.offset &- b.start)
    }

    static func groups(before: [Region], after: [Region], events: [MemoryEvent]) -> [Group] {
        var parent = Array(0..<(before.count + after.count))
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        func union(_ a: Int, _ b: Int) {
            let ra = root(a), rb = root(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for (index, region) in before.enumerated() {
            var other = SortedRegions.firstIndex(endingAbove: region.start, in: after)
            while other < after.count, after[other].start < region.end {
                if sameBacking(region, after[other], moved: false) { union(index, before.count + other) }
                other += 1
            }
        }
        var groupOfRoot: [Int: Int] = [:]
        var groups: [Group] = []
        for node in parent.indices {
            let top = root(node)
            let index: Int
            if let known = groupOfRoot[top] {
                index = known
            } else {
                index = groups.count
                groupOfRoot[top] = index
                groups.append(Group())
            }
            if node < before.count { groups[index].before.append(node) } else {
                groups[index].after.append(node - before.count)
            }
        }
        return followMoves(groups, before: before, after: after, events: events)
    }

    /// Joins a region only the first moment has with the region only the second has where the
    /// mremap moves between the moments took its start.
    private static func followMoves(_ groups: [Group], before: [Region], after: [Region],
                                    events: [MemoryEvent]) -> [Group] {
        let moves = events.compactMap { EventFootprint.move(of: $0.kind) }
        guard !moves.isEmpty else { return groups }
        var groups = groups
        var addedGroupOfRegion: [Int: Int] = [:]
        for (index, group) in groups.enumerated() where group.before.isEmpty && group.after.count == 1 {
            addedGroupOfRegion[group.after[0]] = index
        }
        var absorbed = Set<Int>()
        for index in groups.indices where groups[index].after.isEmpty && groups[index].before.count == 1 {
            let region = before[groups[index].before[0]]
            var address = region.start
            for move in moves where move.from.contains(address) {
                address = move.to &+ (address - move.from.lowerBound)
            }
            guard address != region.start else { continue }
            let target = SortedRegions.firstIndex(endingAbove: address, in: after)
            guard target < after.count, after[target].contains(address),
                  let addedGroup = addedGroupOfRegion[target], !absorbed.contains(addedGroup),
                  sameBacking(region, after[target], moved: true) else { continue }
            absorbed.insert(addedGroup)
            groups[index].after = [target]
            groups[index].moved = true
        }
        return groups.enumerated().filter { !absorbed.contains($0.offset) }.map(\.element)
    }

    /// The ranges mmap (and shmat, io_setup) created between the moments, sorted and joined.
    static func createdRanges(in events: [MemoryEvent]) -> [Range<UInt64>] {
        let ranges = events.compactMap { EventFootprint.createdRange(of: $0.kind) }
            .sorted { $0.lowerBound < $1.lowerBound }
        var joined: [Range<UInt64>] = []
        for range in ranges {
            if let last = joined.last, range.lowerBound <= last.upperBound {
                joined[joined.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                joined.append(range)
            }
        }
        return joined
    }

    /// Whether the sorted, joined `ranges` cover all of `piece`.
    static func covers(_ ranges: [Range<UInt64>], _ piece: Range<UInt64>) -> Bool {
        let index = ranges.partitionPoint { $0.upperBound > piece.lowerBound }
        return index < ranges.count && ranges[index].lowerBound <= piece.lowerBound
            && ranges[index].upperBound >= piece.upperBound
    }

    /// One region that, staying in place, grew at either end by exactly what new mappings made
    /// (the kernel merged them into it): the new parts become additions of their own and the
    /// rest is compared as it was. Anything else is left whole.
    static func carveMergedMappings(old: [Region], new: [Region], moved: Bool,
                                    created: [Range<UInt64>]) -> [(old: [Region], new: [Region])] {
        guard !moved, old.count == 1, new.count == 1, !created.isEmpty else { return [(old, new)] }
        let was = old[0], now = new[0]
        guard now.start <= was.start, now.end >= was.end, now.size > was.size else { return [(old, new)] }
        let pieces = [now.start..<was.start, was.end..<now.end].filter { !$0.isEmpty }
        guard pieces.allSatisfy({ covers(created, $0) }) else { return [(old, new)] }
        var result: [(old: [Region], new: [Region])] = pieces.map { ([], [slice(now, $0)]) }
        result.append((old, [slice(now, was.start..<was.end)]))
        return result
    }

    /// `region` cut to `range` (inside it), its file offset moved along.
    static func slice(_ region: Region, _ range: Range<UInt64>) -> Region {
        var piece = region
        piece.start = range.lowerBound
        piece.end = range.upperBound
        if region.isFileBacked { piece.offset = region.offset &+ (range.lowerBound - region.start) }
        return piece
    }

    /// The change between one group's regions, nil when nothing differs.
    static func describe(old: [Region], new: [Region], moved: Bool, residencyBefore: ResidencyTable?,
                         residencyAfter: ResidencyTable?) -> RegionChange? {
        var kinds: RegionChangeKinds = []
        if old.isEmpty {
            kinds = .added
        } else if new.isEmpty {
            kinds = .removed
        } else {
            let sizeBefore = old.reduce(0) { $0 &+ $1.size }
            let sizeAfter = new.reduce(0) { $0 &+ $1.size }
            if moved { kinds.insert(.moved) }
            if old.count > 1 { kinds.insert(.merged) }
            if new.count > 1 { kinds.insert(.split) }
            if sizeAfter > sizeBefore { kinds.insert(.grown) }
            if sizeAfter < sizeBefore { kinds.insert(.shrunk) }
            if sizeAfter == sizeBefore, old.count == 1, new.count == 1, old[0].start != new[0].start {
                kinds.insert(.moved) // the same size, overlapping, elsewhere: shifted
            }
            if Set(old.map(\.permissions)) != Set(new.map(\.permissions)) { kinds.insert(.protection) }
        }
        let rssBefore = resident(old, residencyBefore)
        let rssAfter = resident(new, residencyAfter)
        if let rssBefore, let rssAfter, rssBefore != rssAfter, !old.isEmpty, !new.isEmpty {
            kinds.insert(.rss)
        }
        guard !kinds.isEmpty else { return nil }
        return RegionChange(kinds: kinds, before: old, after: new, rssBefore: rssBefore, rssAfter: rssAfter)
    }

    /// Resident bytes of `regions`: 0 for none, nil without figures for every one of them.
    static func resident(_ regions: [Region], _ table: ResidencyTable?) -> UInt64? {
        guard !regions.isEmpty else { return 0 }
        guard let table else { return nil }
        var sum: UInt64 = 0
        for region in regions {
            guard let figures = table.residency(of: region) else { return nil }
            sum &+= figures.resident
        }
        return sum
    }
}
