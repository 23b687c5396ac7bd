/// The system calls' effects on the layout, with Linux's rules (x86-64, 4 KiB pages).
extension AddressSpaceEditor {
    /// Applies one event's effect on the layout. Events that change no extent or permission
    /// (faults, advice, locks, seals, failed calls, fork, exit, lost records) are ignored; `exec`
    /// empties the layout because the new program's initial mappings are made inside the kernel
    /// and only a snapshot (or the kernel's own `.layout`) can tell them. A `.layout` replaces
    /// everything with what the kernel read.
    public mutating func apply(_ kind: MemoryEventKind) {
        switch kind {
        case let .brk(oldBreak, newBreak, _):
            moveBreak(from: oldBreak, to: newBreak)
        case let .mmap(address, length, protection, flags, _, offset, file):
            mapEvent(address: address, length: length, protection: protection, flags: flags,
                     offset: offset, file: file)
        case let .munmap(address, length), let .shmdt(address, length), let .aioDestroy(address, length):
            unmap(Self.pageRange(start: address, length: length))
        case let .mremap(oldAddress, oldLength, newAddress, newLength, flags):
            remap(oldAddress: oldAddress, oldLength: oldLength, newAddress: newAddress,
                  newLength: newLength, flags: flags)
        case let .mprotect(address, length, protection), let .pkeyMprotect(address, length, protection, _):
            protect(Self.pageRange(start: address, length: length), protection: protection)
        case let .shmat(address, length, _, readOnly):
            // /proc shows the segment as `/SYSV<key> (deleted)`, shared, read-only on request.
            let range = Self.pageRange(start: address, length: length)
            guard !range.isEmpty else { return }
            map(Region(start: range.lowerBound, end: range.upperBound,
                       permissions: Permissions(read: true, write: !readOnly, execute: false, shared: true),
                       kind: .sharedMemory))
        case let .aioSetup(address, length):
            let range = Self.pageRange(start: address, length: length)
            guard !range.isEmpty else { return }
            map(Region(start: range.lowerBound, end: range.upperBound,
                       permissions: Permissions(read: true, write: true, execute: false, shared: true),
                       pathname: "/[aio]", isDeleted: true, kind: .sharedMemory))
        case .exec:
            removeAll()
        case .layout(let layout):
            self = AddressSpaceEditor(regions: layout.regions)
        case .madvise, .memoryLock, .mseal, .pageFault, .faultCounts, .failed, .fork, .execStarted,
             .exit, .lost:
            break
        }
    }

    /// Whether `kind` can change the layout (and so belongs in a prediction).
    public static func changesLayout(_ kind: MemoryEventKind) -> Bool {
        switch kind {
        case .brk, .mmap, .munmap, .mremap, .mprotect, .pkeyMprotect, .shmat, .shmdt, .aioSetup,
             .aioDestroy, .exec:
            true
        // A kernel layout is a snapshot, not a change: `Timeline.ingest(snapshot:)` takes it.
        case .layout, .madvise, .memoryLock, .mseal, .pageFault, .faultCounts, .failed, .fork,
             .execStarted, .exit, .lost:
            false
        }
    }

    /// A successful mmap: the new mapping replaces whatever was in its range.
    mutating func mapEvent(address: UInt64, length: UInt64, protection: MapProtection,
                           flags: MapFlags, offset: UInt64, file: MappedFile?) {
        let range = Self.pageRange(start: address, length: length)
        guard !range.isEmpty else { return }
        // MAP_SHARED (1) and MAP_SHARED_VALIDATE (3) both share; MAP_PRIVATE (2) does not.
        let shared = flags.rawValue & 0x1 != 0
        let anonymous = flags.contains(.anonymous)
        let kind: RegionKind = anonymous ? (shared ? .sharedMemory : .anonymous) : .file
        map(Region(start: range.lowerBound, end: range.upperBound,
                   permissions: Permissions(protection: protection, shared: shared),
                   // /proc shows offset 0 for anonymous memory whatever the caller passed.
                   offset: anonymous ? 0 : offset,
                   deviceMajor: UInt32(truncatingIfNeeded: (file?.device ?? 0) >> 20),
                   deviceMinor: UInt32(truncatingIfNeeded: (file?.device ?? 0) & 0xfffff),
                   inode: file?.inode ?? 0,
                   pathname: file?.path ?? "", kind: kind))
    }

    /// mremap: the mapping's attributes move (or stay and resize) to the new range.
    public mutating func remap(oldAddress: UInt64, oldLength: UInt64, newAddress: UInt64,
                               newLength: UInt64, flags: UInt32) {
        let oldRange = Self.pageRange(start: oldAddress, length: oldLength)
        let newRange = Self.pageRange(start: newAddress, length: newLength)
        // The kernel requires the old range to lie in one mapping; its attributes are the
        // template. Without one (events before the first snapshot) assume private anonymous
        // read-write memory, by far the most common thing to be remapped (realloc).
        let template = region(containing: oldRange.lowerBound).map {
            Self.slice($0, from: oldRange.lowerBound, to: $0.end)
        } ?? Region(start: oldRange.lowerBound, end: oldRange.upperBound,
                    permissions: Permissions(read: true, write: true, execute: false, shared: false))

        func moved(to range: Range<UInt64>, skipping alreadyMapped: UInt64) -> Region {
            var region = template
            region.start = range.lowerBound + alreadyMapped
            region.end = range.upperBound
            if region.isFileBacked { region.offset = template.offset &+ alreadyMapped }
            return region
        }

        if newRange.lowerBound == oldRange.lowerBound {
            // In place: grow by mapping the tail, shrink by unmapping it.
            if newRange.upperBound > oldRange.upperBound {
                let grown = moved(to: newRange, skipping: oldRange.upperBound - oldRange.lowerBound)
                map(grown)
            } else if newRange.upperBound < oldRange.upperBound {
                unmap(newRange.upperBound..<oldRange.upperBound)
            }
            return
        }
        // Moving. With oldLength 0 (a shared mapping duplicated) the old range is empty, so
        // nothing is removed and the new range is a copy of the mapping's attributes.
        if flags & Self.remapDontUnmap == 0 {
            unmap(oldRange)
        }
        if !newRange.isEmpty {
            map(moved(to: newRange, skipping: 0))
        }
    }

    /// brk: the heap is `[pageAlignUp(start_brk), pageAlignUp(newBreak))`. It grows or shrinks
    /// the `[heap]` region, creating it at `pageAlignUp(oldBreak)` when absent (the old break
    /// then is start_brk) and removing it when it shrinks to nothing.
    public mutating func moveBreak(from oldBreak: UInt64, to newBreak: UInt64) {
        let newEnd = Self.pageAlignUp(newBreak)
        if let heap = heapExtent(near: oldBreak) {
            if newEnd > heap.upperBound {
                map(Self.heapRegion(heap.upperBound..<newEnd))
            } else if newEnd < heap.upperBound {
                unmap(max(heap.lowerBound, newEnd)..<heap.upperBound)
            }
        } else {
            let start = Self.pageAlignUp(oldBreak)
            if newEnd > start {
                map(Self.heapRegion(start..<newEnd))
            }
        }
    }

    /// The heap: the contiguous run of `[heap]` regions (an mprotect can split it).
    /// `oldBreak` is a hint: the heap normally ends at its page, which binary search finds in
    /// O(log n); only when it does not (no heap yet, or events were missed) is the array scanned.
    public func heapExtent(near oldBreak: UInt64? = nil) -> Range<UInt64>? {
        var first: Int?
        if let oldBreak, oldBreak > 0,
           let hinted = index(containing: Self.pageAlignUp(oldBreak) - 1),
           regions[hinted].pathname == Self.heapPathname {
            var index = hinted
            while index > 0, regions[index - 1].end == regions[index].start,
                  regions[index - 1].pathname == Self.heapPathname {
                index -= 1
            }
            first = index
        } else {
            first = regions.firstIndex(where: { $0.pathname == Self.heapPathname })
        }
        guard let first else { return nil }
        var end = regions[first].end
        var index = first + 1
        while index < regions.count, regions[index].start == end,
              regions[index].pathname == Self.heapPathname {
            end = regions[index].end
            index += 1
        }
        return regions[first].start..<end
    }

    static func heapRegion(_ range: Range<UInt64>) -> Region {
        Region(start: range.lowerBound, end: range.upperBound,
               permissions: Permissions(read: true, write: true, execute: false, shared: false),
               pathname: heapPathname, kind: .heap)
    }
}
