import Foundation

/// The convergence gauge's geometry: the side the heap grows from and the side the mmap area
/// grows from facing each other across the gap, in `width` columns.
///
/// The gap is drawn on a log scale against the whole address space: it may take up to
/// `gapShare` of the gauge, of which it gets log2(gap / page) ÷ log2(space / page), so each
/// halving of the gap takes the same number of columns away whether it is 42 TiB or 42 MiB, and
/// a gap of a page or less is gone. The two sides share the rest in proportion to log2 of their
/// sizes (at least a column each), so neither a 4 KiB heap nor a 40 GiB mmap area vanishes or
/// swamps the gap.
public struct ConvergenceGauge: Sendable, Hashable {
    /// One side of the gap: what grows toward it, and the columns it fills.
    public struct Side: Sendable, Hashable {
        public var kind: Kind
        /// Its extent: start_brk → break for the heap, the lowest mapping → the area's top for
        /// the mmap area.
        public var range: Range<UInt64>
        public var columns: Range<Int>
        public var size: UInt64 { range.upperBound - range.lowerBound }

        /// What grows toward the gap: the heap, the mmap area, or (the legacy layout's mmap area
        /// grows up toward it) the program with its heap.
        public enum Kind: String, Sendable, Hashable {
            case heap, mmap, program
        }
    }

    /// Below the gap; it grows right (up) toward it.
    public let lower: Side
    /// Above the gap; it grows left (down) toward it.
    public let upper: Side
    public let gap: Range<UInt64>
    public let gapColumns: Range<Int>
    /// The process's address-space size the gap is measured against.
    public let limit: UInt64

    public var gapSize: UInt64 { gap.upperBound - gap.lowerBound }

    static let pageBits = 12.0
    /// The most of the gauge the gap takes (a gap as large as the space): the rest stays for the
    /// two sides, which must read as things growing toward each other.
    public static let gapShare = 0.6

    /// nil when the summary has no heap↔mmap gap (no mmap area yet, or nothing between them), or
    /// `width` is below 3.
    public init?(summary: AddressSpaceSummary, width: Int) {
        guard width >= 3, let gap = summary.heapMmapGap, let mmap = summary.mmapArea else { return nil }
        let mmapIsAbove = mmap.lowerBound >= gap.upperBound
        // The heap side: start_brk → break; without a heap, the program's end (brk has not
        // moved, the heap is empty there).
        let heapSide = summary.heap ?? summary.program.map { $0.upperBound..<$0.upperBound } ?? gap.lowerBound..<gap.lowerBound
        let core = summary.program.map { program in
            min(program.lowerBound, heapSide.lowerBound)..<max(program.upperBound, heapSide.upperBound)
        } ?? heapSide
        let lowerRange: Range<UInt64>, upperRange: Range<UInt64>
        let lowerKind: Side.Kind, upperKind: Side.Kind
        if mmapIsAbove {
            (lowerKind, lowerRange, upperKind, upperRange) = (.heap, heapSide, .mmap, mmap)
        } else {
            (lowerKind, lowerRange, upperKind, upperRange) = (.mmap, mmap, .program, core)
        }

        let spaceBits = max(Self.pageBits + 1, Self.log2(summary.limit))
        let gapBits = max(0, Self.log2(gap.upperBound - gap.lowerBound) - Self.pageBits)
        var gapWidth = Int((Double(width) * Self.gapShare * min(1, gapBits / (spaceBits - Self.pageBits))).rounded())
        // A gap of more than a page keeps a column (they have not met), and each side keeps one.
        if gapBits > 0 { gapWidth = max(1, gapWidth) }
        gapWidth = min(gapWidth, width - 2)
        let sides = width - gapWidth
        let lowerWeight = 1 + max(0, Self.log2(lowerRange.upperBound - lowerRange.lowerBound) - Self.pageBits)
        let upperWeight = 1 + max(0, Self.log2(upperRange.upperBound - upperRange.lowerBound) - Self.pageBits)
        let lowerWidth = min(sides - 1, max(1, Int((Double(sides) * lowerWeight / (lowerWeight + upperWeight)).rounded())))

        lower = Side(kind: lowerKind, range: lowerRange, columns: 0..<lowerWidth)
        gapColumns = lowerWidth..<(lowerWidth + gapWidth)
        upper = Side(kind: upperKind, range: upperRange, columns: gapColumns.upperBound..<width)
        self.gap = gap
        limit = summary.limit
    }

    private static func log2(_ value: UInt64) -> Double {
        value == 0 ? 0 : Foundation.log2(Double(value))
    }
}
