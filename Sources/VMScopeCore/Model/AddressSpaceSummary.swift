/// The landmarks of one classified address space: where the program, heap, mmap area and stack
/// are, how much room is left between heap and mmap area, which layout the process uses, and
/// totals per kind.
public struct AddressSpaceSummary: Sendable, Hashable {
    /// The exclusive top of the process's user space (`ProcessFacts.addressSpaceLimit`: 4 GiB
    /// for a compat task, 128 TiB or 64 PiB else).
    public var limit: UInt64
    /// From the lowest program mapping (text, rodata, data) to the end of its bss.
    public var program: Range<UInt64>?
    /// The `[heap]` region (its end is the page-rounded break).
    public var heap: Range<UInt64>?
    /// From the mmap area's bottom to its top. For the default top-down layout the bottom is the
    /// best estimate of how far the area has grown down from `mmap_base`: the lowest start of any
    /// mapping that is not the program, heap, stack, vdso, vvar or vsyscall.
    public var mmapArea: Range<UInt64>?
    /// The unmapped space between heap (or the program's end when there is no heap) and the
    /// mmap area, whichever side of the program the mmap area is on. This is the room brk and
    /// mmap are competing for; the bar always labels it.
    public var heapMmapGap: Range<UInt64>?
    /// The main thread's `[stack]`.
    public var stack: Range<UInt64>?
    public var layoutStyle: MemoryLayoutStyle
    /// Sum of all region sizes except `[vsyscall]` (which is not a VMA; `ps` leaves it out too).
    public var totalVirtualSize: UInt64
    public var regionCount: Int
    public var bytesByKind: [RegionKind: UInt64]
    public var countByKind: [RegionKind: Int]

    /// Bytes between heap and mmap area; 0 when either is missing.
    public var heapMmapGapSize: UInt64 { heapMmapGap.map { $0.upperBound - $0.lowerBound } ?? 0 }

    public init(snapshot: AddressSpaceSnapshot, limit: UInt64? = nil) {
        self.init(regions: snapshot.regions, limit: limit)
    }

    /// Summarises classified regions sorted by start.
    ///
    /// Layout heuristic. The kernel maps the dynamic loader (and the vdso) first, at exec, so
    /// they sit at the *start* of the mmap area's growth: at its top in a top-down layout, at its
    /// bottom in a bottom-up one. Counting the mmap-area mappings above and below the loader
    /// therefore tells the direction (most mappings below it → top-down). Absolute addresses
    /// alone mislead: on this kernel `ulimit -s unlimited` keeps the top-down layout but clamps
    /// the stack gap to 5/6 of the address space, putting `mmap_base` near 0x1555_0000_0000 —
    /// below the program, where a legacy layout would also put mappings. When there is no
    /// loader, or it cannot decide (a static binary with few mappings), the fallback is the
    /// address: a lowest mmap mapping within randomisation range of TASK_UNMAPPED_BASE
    /// (0x2aaaaaaab000; a third of `limit`) means bottom-up; anything else top-down.
    ///
    /// `limit`: the process's address-space size (`ProcessFacts.addressSpaceLimit`); without it,
    /// what the layout alone says (64-bit: 128 TiB, or 64 PiB with a mapping above that).
    public init(regions: [Region], limit: UInt64? = nil) {
        let limit = limit ?? AddressSpaceLimit.limit(elfHeader: nil, personality: nil, regions: regions)
        var program: Range<UInt64>?
        var heap: Range<UInt64>?
        var stack: Range<UInt64>?
        var loader: Range<UInt64>?
        var bytes: [RegionKind: UInt64] = [:]
        var counts: [RegionKind: Int] = [:]
        var total: UInt64 = 0
        for region in regions {
            bytes[region.kind, default: 0] &+= region.size
            counts[region.kind, default: 0] += 1
            if region.kind != .vsyscall { total &+= region.size }
            switch region.kind {
            case .text, .rodata, .data, .bss: program = Self.union(program, region.start..<region.end)
            case .heap: heap = Self.union(heap, region.start..<region.end)
            case .stack: stack = Self.union(stack, region.start..<region.end)
            default:
                if Self.isDynamicLoader(region.pathname) { loader = Self.union(loader, region.start..<region.end) }
            }
        }

        // The block the heap grows out of: program + heap (brk randomisation leaves a hole
        // between them that belongs to neither side).
        let core = Self.union(program, heap)
        var above: (count: Int, span: Range<UInt64>?) = (0, nil)
        var below: (count: Int, span: Range<UInt64>?) = (0, nil)
        var aboveLoader = 0, belowLoader = 0
        var lowest: UInt64?
        for region in regions where Self.isMmapAreaMember(region.kind) {
            let range = region.start..<region.end
            if let stack, region.start >= stack.upperBound { continue }   // nothing of the mmap area
            if let core, region.start >= core.upperBound {
                above = (above.count + 1, Self.union(above.span, range))
            } else if let core, region.end <= core.lowerBound {
                below = (below.count + 1, Self.union(below.span, range))
            } else if core == nil {
                above = (above.count + 1, Self.union(above.span, range))
            }
            lowest = min(lowest ?? region.start, region.start)
            if let loader {
                if region.end <= loader.lowerBound { belowLoader += 1 }
                if region.start >= loader.upperBound { aboveLoader += 1 }
            }
        }
        let mmapArea = above.count >= below.count ? above.span : below.span

        var gap: Range<UInt64>?
        if let mmapArea {
            let heapTop = heap?.upperBound ?? program?.upperBound
            let bottomOfCore = program?.lowerBound ?? heap?.lowerBound
            if let heapTop, mmapArea.lowerBound >= heapTop {
                gap = heapTop..<mmapArea.lowerBound
            } else if let bottomOfCore, mmapArea.upperBound <= bottomOfCore {
                gap = mmapArea.upperBound..<bottomOfCore
            }
        }

        let style: MemoryLayoutStyle
        if belowLoader != aboveLoader, belowLoader + aboveLoader >= 2 {
            style = belowLoader > aboveLoader ? .topDown : .bottomUp
        } else if let lowest {
            let base = AddressSpaceLimit.legacyUnmappedBase(limit)
            let legacy = lowest >= base && lowest - base < AddressSpaceLimit.legacyRandomRange(limit)
            style = legacy ? .bottomUp : .topDown
        } else {
            style = .unknown
        }

        self.limit = limit
        self.program = program
        self.heap = heap
        self.stack = stack
        self.mmapArea = mmapArea
        self.heapMmapGap = gap.flatMap { $0.isEmpty ? nil : $0 }
        self.layoutStyle = style
        self.totalVirtualSize = total
        self.regionCount = regions.count
        self.bytesByKind = bytes
        self.countByKind = counts
    }

    /// Kinds that live in the mmap area. vdso/vvar are left out: older kernels put them just
    /// above the stack rather than in the mmap area.
    static func isMmapAreaMember(_ kind: RegionKind) -> Bool {
        switch kind {
        case .text, .rodata, .data, .bss, .heap, .stack, .vdso, .vvar, .vsyscall: false
        default: true
        }
    }

    /// `ld-linux-x86-64.so.2`, `ld-musl-x86_64.so.1`, `ld-2.31.so`.
    static func isDynamicLoader(_ path: String) -> Bool {
        guard let name = path.split(separator: "/").last else { return false }
        return path.hasPrefix("/") && name.hasPrefix("ld-") && name.contains(".so")
    }

    private static func union(_ a: Range<UInt64>?, _ b: Range<UInt64>?) -> Range<UInt64>? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a.lowerBound, b.lowerBound)..<max(a.upperBound, b.upperBound)
    }
}
