import VMScopeCore

/// Memory events as a busy, allocation-heavy multi-threaded process produces them: what the
/// Timeline has to keep up with while the live view runs.
public enum EventStream {
    public static let pid: Int32 = 4242
    /// Events are 10 µs apart: 100 000 events span one second, a heavy but real load (`trace`
    /// drains the ring buffer every 50 ms, 5 000 events a drain at this rate; the live view
    /// every 100 ms).
    public static let spacing: UInt64 = 10_000

    /// `count` events after `start` (CLOCK_MONOTONIC ns), on top of `regions` (a classified
    /// layout with a `[heap]` and at least one malloc arena reservation, like
    /// `MapsText.typical()`).
    ///
    /// Each block of ten events: an mmap (256 KiB anonymous, every fifth a file), faults in it,
    /// a brk (three grows of 132 KiB, then one shrink back), the munmap of the block mapped 256
    /// blocks earlier (so about 256 of them stay mapped, as a steady allocator state would),
    /// faults on the heap, an mprotect that widens the arena's writable head (glibc growing
    /// an arena), and every other block an in-place mremap that doubles the new block
    /// (realloc). About 45 % of the events change the layout; the rest are sampled faults and
    /// aggregated fault counts.
    public static func mixed(count: Int, on regions: [Region], after start: UInt64) -> [MemoryEvent] {
        let kib: UInt64 = 1024, mib: UInt64 = 1024 * kib
        guard let heap = regions.first(where: { $0.kind == .heap }),
              let arenaTail = regions.first(where: { $0.permissions.isNone && $0.size > mib }),
              let mmapBase = regions.first(where: { $0.start >= 0x7000_0000_0000 })?.start
        else { preconditionFailure("the layout needs a heap, an arena reservation and an mmap area") }

        // Blocks go in 1 MiB slots below the lowest mapping, as top-down mmap places them.
        let slots: UInt64 = 512
        let slotBase = mmapBase - slots * mib
        func slot(_ cycle: Int) -> UInt64 { slotBase + UInt64(cycle) % slots * mib }

        var events: [MemoryEvent] = []
        events.reserveCapacity(count)
        var currentBreak = heap.end
        var brkCount = 0
        var arenaWritableEnd = arenaTail.start
        let readWrite: MapProtection = [.read, .write]
        let anonymous: MapFlags = [.private, .anonymous]

        for i in 0..<count {
            let cycle = i / 10
            let block = slot(cycle)
            let kind: MemoryEventKind
            switch i % 10 {
            case 0:
                if cycle % 5 == 4 {
                    kind = .mmap(address: block, length: 256 * kib, protection: .read, flags: .private, fd: 9,
                                 offset: UInt64(cycle % 16) * 256 * kib, file: MappedFile(path: "/srv/data/part-\(cycle % 64).parquet"))
                } else {
                    kind = .mmap(address: block, length: 256 * kib, protection: readWrite, flags: anonymous,
                                 fd: -1, offset: 0, file: nil)
                }
            case 1, 9:
                kind = .pageFault(address: block + UInt64(i % 64) * 4 * kib, errorCode: 6)
            case 2:
                kind = .faultCounts(bucketAddress: block, bucketSize: 64 * kib, count: 16)
            case 3:
                let oldBreak = currentBreak
                brkCount += 1
                currentBreak = brkCount % 4 == 0 ? currentBreak - 396 * kib : currentBreak + 132 * kib
                kind = .brk(oldBreak: oldBreak, newBreak: currentBreak, requested: currentBreak)
            case 4:
                // Early on there is nothing 256 blocks back: munmap of an empty range, as legal
                // for the kernel as for the editor.
                kind = .munmap(address: slot(cycle + Int(slots) - 256), length: 512 * kib)
            case 5:
                kind = .pageFault(address: heap.start + UInt64(i) % (heap.size / 4096) * 4096, errorCode: 6)
            case 6:
                if arenaWritableEnd + 64 * kib > arenaTail.end {
                    // The arena shrank back (malloc_trim): everything grown is PROT_NONE again.
                    kind = .mprotect(address: arenaTail.start, length: arenaWritableEnd - arenaTail.start,
                                     protection: [])
                    arenaWritableEnd = arenaTail.start
                } else {
                    kind = .mprotect(address: arenaWritableEnd, length: 64 * kib, protection: readWrite)
                    arenaWritableEnd += 64 * kib
                }
            case 7:
                kind = .faultCounts(bucketAddress: heap.start & ~(64 * kib - 1), bucketSize: 64 * kib, count: 3)
            default: // 8
                if cycle % 2 == 0 {
                    kind = .mremap(oldAddress: block, oldLength: 256 * kib, newAddress: block,
                                   newLength: 512 * kib, flags: 0)
                } else {
                    kind = .pageFault(address: block + 128 * kib, errorCode: 4)
                }
            }
            events.append(MemoryEvent(timestamp: start + UInt64(i + 1) * spacing, tgid: pid,
                                      tid: pid + Int32(i % 24), kind: kind))
        }
        return events
    }
}
