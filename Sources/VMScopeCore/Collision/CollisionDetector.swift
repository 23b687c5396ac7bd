/// Decides whether a call made the heap and the mmap area meet (`Collision`). Pure policy: it
/// looks at the call and at the layout just before it, nothing else, so it is tested on values.
///
/// The landmarks (where the program's image lies and where the heap starts) are taken from a
/// classified layout (`init(classifiedRegions:)`) once per snapshot, not per call: a storm of
/// mmaps then costs one comparison each.
public struct CollisionDetector: Sendable, Hashable {
    /// From the lowest to the end of the highest region of the program's own image (text, rodata,
    /// data, bss); nil when the layout has none (not read yet, or a program mapped by hand).
    public var imageRange: Range<UInt64>?
    /// Where the brk heap begins (`[heap]`'s start); nil while the process has no heap region.
    public var heapStart: UInt64?

    static let pageSize: UInt64 = 4096
    /// The kernel keeps this far from a stack that grows down (stack_guard_gap, 256 pages).
    static let stackGuardGap: UInt64 = 256 * 4096

    public init(imageRange: Range<UInt64>? = nil, heapStart: UInt64? = nil) {
        self.imageRange = imageRange
        self.heapStart = heapStart
    }

    /// The landmarks of a classified layout (region kinds worked out, as `Timeline` adopts them).
    public init(classifiedRegions regions: [Region]) {
        var low = UInt64.max, high: UInt64 = 0
        for region in regions {
            switch region.kind {
            case .text, .rodata, .data, .bss:
                low = min(low, region.start)
                high = max(high, region.end)
            case .heap where heapStart == nil:
                heapStart = region.start
            default:
                break
            }
        }
        imageRange = low < high ? low..<high : nil
    }

    /// The collision `kind` makes, judged against `regions` (sorted, the layout just before the
    /// call) and `currentBreak` (the break before it, when known: the Timeline's, exact, else the
    /// heap's end); nil for everything else, which is nearly every call. `gapSearches` are the
    /// kernel's searches inside the call: a mapping below the image is news only when a search
    /// reached above the image and found no room there (an i386 mmap of a 64-bit process
    /// searches below 4 GiB only, far below a 64-bit program's image).
    public func inspect(_ kind: MemoryEventKind, before regions: [Region], currentBreak: UInt64?,
                        gapSearches: [GapSearch] = []) -> Collision? {
        switch kind {
        case let .failed(.brk, _, requested, _):
            return brkRefused(requested: requested, before: regions, currentBreak: currentBreak)
        case let .mmap(address, length, _, flags, _, _, _):
            // MAP_FIXED puts a mapping where the caller said: not the kernel's placement.
            guard !flags.contains(.fixed), !flags.contains(.fixedNoReplace) else { return nil }
            if let image = imageRange, !gapSearches.isEmpty,
               !gapSearches.contains(where: { $0.window.upperBound > image.upperBound }) {
                return nil
            }
            return mmapPlaced(address: address, length: length, before: regions)
        default:
            return nil
        }
    }

    private func brkRefused(requested: UInt64, before regions: [Region], currentBreak: UInt64?) -> Collision? {
        let heapEnd = regions.last { $0.pathname == AddressSpaceEditor.heapPathname }?.end
        guard let oldBreak = currentBreak ?? heapEnd ?? heapStart, requested > oldBreak else { return nil }
        // check_brk_limits/do_brk: the new break plus a page may not reach the next mapping
        // (for a stack, its guard gap below it).
        let from = AddressSpaceEditor.pageAlignUp(oldBreak)
        let wanted = AddressSpaceEditor.pageAlignUp(requested)
        let index = SortedRegions.firstIndex(endingAbove: from, in: regions)
        guard index < regions.count else { return nil }
        let next = regions[index]
        let gap = next.kind == .stack ? Self.stackGuardGap : 0
        guard next.start >= from, wanted &+ Self.pageSize > next.start &- min(gap, next.start) else {
            return nil // nothing in the way: refused for another reason (RLIMIT_DATA, say)
        }
        var what = "mapping at " + AddressFormatter.format(next.start)
        if !next.pathname.isEmpty { what += " (" + SafeText.escape(next.pathname) + ")" }
        return Collision(kind: .brkRefused(requested: requested, blockedBy: next), range: oldBreak..<wanted,
                         reason: "brk to \(AddressFormatter.format(requested)) refused: \(what) in the way")
    }

    private func mmapPlaced(address: UInt64, length: UInt64, before regions: [Region]) -> Collision? {
        guard let image = imageRange else { return nil }
        let placed = AddressSpaceEditor.pageRange(start: address, length: length)
        if placed.upperBound <= image.lowerBound {
            // Only the first mapping to get there is the moment they met: later ones land in a
            // zone that is already in use.
            guard regions.first.map({ $0.start >= image.lowerBound }) ?? true else { return nil }
            return Collision(kind: .mmapBelowExecutable(imageStart: image.lowerBound), range: placed,
                             reason: "mmap placed below the executable (\(AddressFormatter.format(image.lowerBound))):"
                                 + " no gap left between the mmap area and the program")
        }
        if let heapStart, placed.lowerBound >= image.upperBound, placed.upperBound <= heapStart {
            let between = image.upperBound..<heapStart
            let first = SortedRegions.firstIndex(endingAbove: between.lowerBound, in: regions)
            guard first == regions.count || regions[first].start >= between.upperBound else { return nil }
            return Collision(kind: .mmapBelowHeap(heapStart: heapStart), range: placed,
                             reason: "mmap placed below the heap (\(AddressFormatter.format(heapStart))):"
                                 + " the mmap area has grown past it")
        }
        return nil
    }
}
