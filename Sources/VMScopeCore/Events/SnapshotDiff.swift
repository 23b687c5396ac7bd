/// Synthesises the events that turn one snapshot's layout into the next, for the /proc polling
/// source (no eBPF): the rest of vmscope then handles polled and traced processes alike.
///
/// Guarantee: applying the events (with `AddressSpaceEditor`) to the old layout gives the new
/// one, up to normalisation and the attributes events cannot carry (inode, device, deleted-ness,
/// kind). The events are plausible, not necessarily the calls the process made: polling cannot
/// see order or intermediate states.
public enum SnapshotDiff {
    /// `MREMAP_MAYMOVE | MREMAP_FIXED`: what a move to a chosen address passes.
    static let remapMoveFlags: UInt32 = 1 | 2

    /// Events turning `old` into `new`, stamped with the new snapshot's time and pid.
    /// Both snapshots should be classified; the heap is recognised by its `[heap]` name.
    public static func events(from old: AddressSpaceSnapshot,
                              to new: AddressSpaceSnapshot) -> [MemoryEvent] {
        eventKinds(from: old.regions, to: new.regions).map {
            MemoryEvent(timestamp: new.timestamp, tgid: new.pid, tid: new.pid, kind: $0)
        }
    }

    /// In order: brk for the heap, mremap for unambiguous moves, then munmap / mprotect / mmap
    /// in address order.
    public static func eventKinds(from oldRegions: [Region], to newRegions: [Region]) -> [MemoryEventKind] {
        let target = AddressSpaceEditor.normalized(newRegions)
        var editor = AddressSpaceEditor(regions: AddressSpaceEditor.normalized(oldRegions))
        var kinds: [MemoryEventKind] = []

        func emit(_ kind: MemoryEventKind) {
            editor.apply(kind)
            kinds.append(kind)
        }

        for kind in breakMoves(from: editor.heapExtent(),
                               to: AddressSpaceEditor(regions: target).heapExtent()) {
            emit(kind)
        }
        for kind in unambiguousMoves(from: editor.regions, to: target) {
            emit(kind)
        }
        // Everything left is settled range by range; the editor is not needed past this point
        // because the ranges are disjoint.
        kinds.append(contentsOf: rangeEdits(from: editor.regions, to: target))
        return kinds
    }

    /// brk calls taking the heap from `old` to `new`. A heap that starts elsewhere (only after an
    /// exec, which a diff cannot see) is emptied and re-created.
    static func breakMoves(from old: Range<UInt64>?, to new: Range<UInt64>?) -> [MemoryEventKind] {
        switch (old, new) {
        case let (old?, new?) where old.lowerBound == new.lowerBound:
            guard old.upperBound != new.upperBound else { return [] }
            return [.brk(oldBreak: old.upperBound, newBreak: new.upperBound, requested: new.upperBound)]
        case let (old?, new?):
            return [.brk(oldBreak: old.upperBound, newBreak: old.lowerBound, requested: old.lowerBound),
                    .brk(oldBreak: new.lowerBound, newBreak: new.upperBound, requested: new.upperBound)]
        case let (old?, nil):
            return [.brk(oldBreak: old.upperBound, newBreak: old.lowerBound, requested: old.lowerBound)]
        case let (nil, new?):
            return [.brk(oldBreak: new.lowerBound, newBreak: new.upperBound, requested: new.upperBound)]
        case (nil, nil):
            return []
        }
    }

    /// What must match for a vanished region and a new one to be the same mapping moved.
    private struct MoveSignature: Hashable {
        var size: UInt64
        var permissions: Permissions
        var pathname: String
        var isFileBacked: Bool
        var fileOffset: UInt64
        init(_ region: Region) {
            size = region.size
            permissions = region.permissions
            pathname = region.pathname
            isFileBacked = region.isFileBacked
            fileOffset = region.isFileBacked ? region.offset : 0
        }
    }

    /// mremap moves for regions that vanished whole and reappeared whole elsewhere with the same
    /// size and attributes — only when exactly one region of that signature vanished and exactly
    /// one appeared, so the pairing is the only one possible.
    static func unambiguousMoves(from old: [Region], to new: [Region]) -> [MemoryEventKind] {
        var vanished: [MoveSignature: [Region]] = [:]
        for region in old where !overlapsAny(region, new) {
            vanished[MoveSignature(region), default: []].append(region)
        }
        guard !vanished.isEmpty else { return [] }
        var appeared: [MoveSignature: [Region]] = [:]
        for region in new where !overlapsAny(region, old) {
            let signature = MoveSignature(region)
            if vanished[signature] != nil { appeared[signature, default: []].append(region) }
        }
        var moves: [(from: Region, to: Region)] = []
        for (signature, targets) in appeared {
            guard targets.count == 1, let sources = vanished[signature], sources.count == 1 else { continue }
            moves.append((sources[0], targets[0]))
        }
        moves.sort { $0.from.start < $1.from.start }
        return moves.map {
            .mremap(oldAddress: $0.from.start, oldLength: $0.from.size, newAddress: $0.to.start,
                    newLength: $0.to.size, flags: remapMoveFlags)
        }
    }

    /// Whether `region` overlaps any region of the sorted `regions` (binary search).
    private static func overlapsAny(_ region: Region, _ regions: [Region]) -> Bool {
        let index = SortedRegions.firstIndex(endingAbove: region.start, in: regions)
        return index < regions.count && regions[index].start < region.end
    }

    /// munmap where only `old` maps, mmap where only `new` maps or the mapping changed, mprotect
    /// where only r/w/x changed; neighbouring pieces of one change become one call.
    static func rangeEdits(from old: [Region], to new: [Region]) -> [MemoryEventKind] {
        var kinds: [MemoryEventKind] = []
        var pendingUnmap: Range<UInt64>?
        var pendingProtect: (range: Range<UInt64>, protection: MapProtection)?
        var pendingMap: (region: Region, replaces: Bool)?

        func flush() {
            if let range = pendingUnmap {
                kinds.append(.munmap(address: range.lowerBound, length: range.upperBound - range.lowerBound))
            }
            if let protect = pendingProtect {
                kinds.append(.mprotect(address: protect.range.lowerBound,
                                       length: protect.range.upperBound - protect.range.lowerBound,
                                       protection: protect.protection))
            }
            if let map = pendingMap {
                kinds.append(mmap(of: map.region, replacing: map.replaces))
            }
            pendingUnmap = nil
            pendingProtect = nil
            pendingMap = nil
        }

        Reconciler.overlay(old, new) { range, oldRegion, newRegion in
            let oldPiece = oldRegion.map { AddressSpaceEditor.slice($0, from: range.lowerBound, to: range.upperBound) }
            let newPiece = newRegion.map { AddressSpaceEditor.slice($0, from: range.lowerBound, to: range.upperBound) }
            switch (oldPiece, newPiece) {
            case (_?, nil):
                if let current = pendingUnmap, current.upperBound == range.lowerBound {
                    pendingUnmap = current.lowerBound..<range.upperBound
                    return
                }
                flush()
                pendingUnmap = range
            case let (oldPiece?, newPiece?) where sameMapping(oldPiece, newPiece):
                guard oldPiece.permissions != newPiece.permissions else {
                    flush()
                    return
                }
                let protection = newPiece.permissions.protection
                if let current = pendingProtect, current.range.upperBound == range.lowerBound,
                   current.protection == protection {
                    pendingProtect = (current.range.lowerBound..<range.upperBound, protection)
                    return
                }
                flush()
                pendingProtect = (range, protection)
            case let (oldPiece, newPiece?):
                let replaces = oldPiece != nil
                if let current = pendingMap, AddressSpaceEditor.canMerge(current.region, newPiece) {
                    var extended = current.region
                    extended.end = newPiece.end
                    pendingMap = (extended, current.replaces || replaces)
                    return
                }
                flush()
                pendingMap = (newPiece, replaces)
            case (nil, nil):
                flush()
            }
        }
        flush()
        return kinds
    }

    /// Same mapping apart from r/w/x, which mprotect can change. Private/shared, the file and
    /// the offset into it cannot be changed by mprotect.
    private static func sameMapping(_ old: Region, _ new: Region) -> Bool {
        old.permissions.shared == new.permissions.shared
            && old.pathname == new.pathname
            && old.isFileBacked == new.isFileBacked
            && (!new.isFileBacked || old.offset == new.offset)
    }

    /// The mmap that creates `region` (MAP_FIXED when it lands on something already mapped).
    static func mmap(of region: Region, replacing: Bool) -> MemoryEventKind {
        var flags: MapFlags = region.permissions.shared ? .shared : .private
        if !region.isFileBacked { flags.insert(.anonymous) }
        if replacing { flags.insert(.fixed) }
        return .mmap(address: region.start, length: region.size,
                     protection: region.permissions.protection, flags: flags, fd: -1,
                     offset: region.isFileBacked ? region.offset : 0,
                     file: region.pathname.isEmpty ? nil
                         : MappedFile(path: region.pathname,
                                      device: UInt64(region.deviceMajor) << 20 | UInt64(region.deviceMinor),
                                      inode: region.inode))
    }
}
