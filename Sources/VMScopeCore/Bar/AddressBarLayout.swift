/// The address bar's geometry: which region kind each column shows, what addresses it stands
/// for, and which gaps carry size labels. Pure and O(regions + width): one pass to choose the
/// scale, one array of pieces, one sweep that fills the columns.
///
/// Text form (the headless `layout` command and tests), one character per column:
///
///     T text   R rodata   D data   B bss   H heap   a anon mmap   f file mmap
///     L library text   l library data   S stack   s thread stack   v vdso/vvar/vsyscall
///     - guard   m shared memory   . unmapped   | compressed gap (size in the label line)
public struct AddressBarLayout: Sendable, Hashable {
    /// Gaps below this are never compressed into a break (they are drawn to scale).
    public static let minimumBreakGap: UInt64 = 1 << 20

    /// The legend for `text()`, one line.
    public static let legend =
        "T text  R rodata  D data  B bss  H heap  a anon  f file  L lib text  l lib data  "
        + "S stack  s thread stack  v vdso/vvar/vsyscall  - guard  m shm  . unmapped  | gap"

    public let mode: ScaleMode
    /// Exactly `width` columns (none for a width below 1).
    public private(set) var columns: [BarColumn]
    /// Labelled gaps in address order.
    public private(set) var gapLabels: [BarGapLabel]

    /// Lays out classified `regions` (sorted, non-overlapping) in `width` columns.
    ///
    /// - Parameter heapMmapGap: the range `AddressSpaceSummary.heapMmapGap` reports; the gap
    ///   between regions that overlaps it is always a labelled break. Pass nil to not single it out.
    public init(regions: [Region], width: Int, mode: ScaleMode, heapMmapGap: Range<UInt64>? = nil) {
        self.mode = mode
        columns = []
        gapLabels = []
        guard width > 0 else { return }
        let pieces: [BarPiece]
        switch mode {
        case .compressed:
            pieces = Self.compressedPieces(regions, width: width, heapMmapGap: heapMmapGap)
        case .logarithmic:
            pieces = Self.logarithmicPieces(regions, width: width, heapMmapGap: heapMmapGap)
        case .linear(let window):
            pieces = Self.linearPieces(regions, window: window, width: width, heapMmapGap: heapMmapGap)
        }
        sweep(pieces, width: width)
    }

    /// Lays out a snapshot, singling out its heap↔mmap gap.
    public init(snapshot: AddressSpaceSnapshot, width: Int, mode: ScaleMode) {
        self.init(regions: snapshot.regions, width: width, mode: mode,
                  heapMmapGap: AddressSpaceSummary(snapshot: snapshot).heapMmapGap)
    }

    /// The column whose address range holds `address`; nil when it is off the bar.
    public func column(containing address: UInt64) -> Int? {
        var low = 0, high = columns.count
        while low < high {
            let mid = (low + high) / 2
            if columns[mid].addresses.upperBound <= address { low = mid + 1 } else { high = mid }
        }
        guard low < columns.count, columns[low].addresses.contains(address) else { return nil }
        return low
    }

    /// One character per column (see the type's documentation for the symbols).
    public func text() -> String {
        String(columns.map { Self.symbol(for: $0.fill) })
    }

    /// A line as wide as the bar with each labelled gap's size written under it where it fits;
    /// the heap↔mmap gap is placed first so it is never crowded out.
    public func labelLine() -> String {
        var line = [Character](repeating: " ", count: columns.count)
        var taken = [Bool](repeating: false, count: columns.count)
        let ordered = gapLabels.enumerated().sorted { a, b in
            if a.element.isHeapMmapGap != b.element.isHeapMmapGap { return a.element.isHeapMmapGap }
            return a.element.size > b.element.size
        }
        for (_, gap) in ordered {
            let text = Array(ByteFormatter.format(gap.size))
            guard text.count <= columns.count else { continue }
            let centre = (gap.columns.lowerBound + gap.columns.upperBound) / 2
            let start = min(max(0, centre - text.count / 2), columns.count - text.count)
            // Keep one blank column between labels so neighbours do not run together.
            let lo = max(0, start - 1), hi = min(columns.count, start + text.count + 1)
            if taken[lo..<hi].contains(true) { continue }
            for (offset, character) in text.enumerated() {
                line[start + offset] = character
                taken[start + offset] = true
            }
        }
        return String(line)
    }

    public static func symbol(for fill: BarFill) -> Character {
        switch fill {
        case .unmapped: "."
        case .gapBreak: "|"
        case .region(let kind):
            switch kind {
            case .text: "T"
            case .rodata: "R"
            case .data: "D"
            case .bss: "B"
            case .heap: "H"
            case .anonymous: "a"
            case .file: "f"
            case .libraryText: "L"
            case .libraryData: "l"
            case .stack: "S"
            case .threadStack: "s"
            case .vdso, .vvar, .vsyscall: "v"
            case .guardPage: "-"
            case .sharedMemory: "m"
            }
        }
    }

    // MARK: - Choosing widths

    private static func overlaps(_ start: UInt64, _ end: UInt64, _ range: Range<UInt64>?) -> Bool {
        guard let range else { return false }
        return start < range.upperBound && range.lowerBound < end
    }

    /// The smallest power-of-two size (at least `minimumBreakGap`) such that at most `budget`
    /// gaps are that large, from a log2 histogram: one pass, no sorting. Returns nil when no gap
    /// qualifies. The gap overlapping `forced` is not counted (it is a break regardless).
    private static func breakThreshold(_ regions: [Region], budget: Int, forced: Range<UInt64>?) -> UInt64? {
        var histogram = [Int](repeating: 0, count: 64)
        for index in regions.indices.dropFirst() {
            let start = regions[index - 1].end, end = regions[index].start
            guard end > start, !overlaps(start, end, forced) else { continue }
            histogram[63 - (end - start).leadingZeroBitCount] += 1
        }
        let lowest = 63 - minimumBreakGap.leadingZeroBitCount
        var chosen: Int?
        var count = 0
        for bit in stride(from: 63, through: lowest, by: -1) {
            guard count + histogram[bit] <= budget else { break }
            count += histogram[bit]
            chosen = bit
        }
        guard let chosen else { return nil }
        return 1 << UInt64(chosen)
    }

    private static func compressedPieces(_ regions: [Region], width: Int, heapMmapGap: Range<UInt64>?) -> [BarPiece] {
        guard !regions.isEmpty else { return [] }
        var breakWidth = width >= 40 ? 2 : 1
        // Breaks get at most about a third of the bar, and every cluster needs a column.
        let budget = max(0, min((width - 1) / (breakWidth + 1), width / (3 * breakWidth)) - (heapMmapGap == nil ? 0 : 1))
        let threshold = breakThreshold(regions, budget: budget, forced: heapMmapGap)
        func isBreak(_ index: Int) -> Bool {
            let start = regions[index - 1].end, end = regions[index].start
            guard end > start else { return false }
            return overlaps(start, end, heapMmapGap) || threshold.map { end - start >= $0 } ?? false
        }

        // Cluster spans (mapped space plus the small gaps inside it), in address order.
        var spans: [Double] = []
        var clusterStart = regions[0].start
        for index in regions.indices.dropFirst() where isBreak(index) {
            spans.append(Double(regions[index - 1].end - clusterStart))
            clusterStart = regions[index].start
        }
        spans.append(Double(regions[regions.count - 1].end - clusterStart))
        let breakCount = spans.count - 1

        // Whole columns per cluster: one each, the rest in proportion to span (cumulative
        // rounding keeps the sum exact). If even that does not fit, narrow the breaks to one
        // column, and failing that fall back to fractional widths (one unit per cluster/break).
        if width - breakCount * breakWidth < spans.count { breakWidth = 1 }
        var clusterColumns = [Double](repeating: 1, count: spans.count)
        var breakColumns = Double(breakWidth)
        let available = width - breakCount * breakWidth
        if available >= spans.count {
            let extra = Double(available - spans.count)
            let total = spans.reduce(0, +)
            var cumulative = 0.0
            var given = 0.0
            for index in spans.indices {
                cumulative += spans[index]
                let upTo = total > 0 ? (extra * cumulative / total).rounded() : 0
                clusterColumns[index] = 1 + (index == spans.count - 1 ? extra - given : upTo - given)
                given = index == spans.count - 1 ? extra : upTo
            }
        } else {
            breakColumns = 1
        }

        var pieces: [BarPiece] = []
        pieces.reserveCapacity(regions.count * 2)
        var cluster = 0
        for index in regions.indices {
            let region = regions[index]
            if index > 0 {
                let start = regions[index - 1].end, end = region.start
                if isBreak(index) {
                    pieces.append(BarPiece(start: start, end: end, fill: .gapBreak, regionIndex: nil,
                                           weight: breakColumns, isLabelled: true,
                                           isHeapMmapGap: overlaps(start, end, heapMmapGap)))
                    cluster += 1
                } else if end > start {
                    let weight = spans[cluster] > 0 ? Double(end - start) / spans[cluster] * clusterColumns[cluster] : 0
                    pieces.append(BarPiece(start: start, end: end, fill: .unmapped, regionIndex: nil, weight: weight,
                                           isLabelled: false, isHeapMmapGap: false))
                }
            }
            let weight = spans[cluster] > 0 ? Double(region.size) / spans[cluster] * clusterColumns[cluster] : 0
            pieces.append(BarPiece(start: region.start, end: region.end, fill: .region(region.kind), regionIndex: index,
                                   weight: weight, isLabelled: false, isHeapMmapGap: false))
        }
        return pieces
    }

    /// log2(size) − 11: a 4 KiB page weighs 1, anything smaller too.
    private static func logWeight(_ size: UInt64) -> Double {
        max(1, Double(64 - size.leadingZeroBitCount) - 12)
    }

    private static func logarithmicPieces(_ regions: [Region], width: Int, heapMmapGap: Range<UInt64>?) -> [BarPiece] {
        let labelBudget = max(0, width / 6 - (heapMmapGap == nil ? 0 : 1))
        let threshold = breakThreshold(regions, budget: labelBudget, forced: heapMmapGap)
        var pieces: [BarPiece] = []
        pieces.reserveCapacity(regions.count * 2)
        for index in regions.indices {
            let region = regions[index]
            if index > 0, region.start > regions[index - 1].end {
                let start = regions[index - 1].end, end = region.start
                let isHeapMmap = overlaps(start, end, heapMmapGap)
                pieces.append(BarPiece(start: start, end: end, fill: .unmapped, regionIndex: nil,
                                       weight: logWeight(end - start),
                                       isLabelled: isHeapMmap || threshold.map { end - start >= $0 } ?? false,
                                       isHeapMmapGap: isHeapMmap))
            }
            pieces.append(BarPiece(start: region.start, end: region.end, fill: .region(region.kind), regionIndex: index,
                                   weight: logWeight(region.size), isLabelled: false, isHeapMmapGap: false))
        }
        return pieces
    }

    private static func linearPieces(_ regions: [Region], window: ClosedRange<UInt64>, width: Int,
                                     heapMmapGap: Range<UInt64>?) -> [BarPiece] {
        let low = window.lowerBound
        // One byte short at the very top of the 64-bit space rather than overflowing.
        let high = window.upperBound == .max ? UInt64.max : window.upperBound + 1
        let bytesPerColumn = (Double(high - low) + (window.upperBound == .max ? 1 : 0)) / Double(width)
        // First region ending above the window's start (binary search: zooming is frequent).
        let first = SortedRegions.firstIndex(endingAbove: low, in: regions)
        var pieces: [BarPiece] = []
        var cursor = low
        var previousEnd = first > 0 ? regions[first - 1].end : 0
        func gap(to end: UInt64, wholeEnd: UInt64) {
            guard end > cursor else { return }
            let whole = previousEnd..<max(previousEnd, wholeEnd)
            let isHeapMmap = overlaps(whole.lowerBound, whole.upperBound, heapMmapGap)
            let visible = Double(end - cursor)
            pieces.append(BarPiece(start: cursor, end: end, fill: .unmapped, regionIndex: nil, weight: visible,
                                   isLabelled: isHeapMmap || visible >= 3 * bytesPerColumn,
                                   isHeapMmapGap: isHeapMmap))
        }
        var index = first
        while index < regions.count, regions[index].start < high {
            let region = regions[index]
            let start = max(region.start, low), end = min(region.end, high)
            gap(to: start, wholeEnd: region.start)
            pieces.append(BarPiece(start: start, end: end, fill: .region(region.kind), regionIndex: index,
                                   weight: Double(end - start), isLabelled: false, isHeapMmapGap: false))
            cursor = end
            previousEnd = region.end
            index += 1
        }
        gap(to: high, wholeEnd: index < regions.count ? regions[index].start : high)
        // Weights are bytes; the sweep scales them to the width.
        return pieces
    }

    // MARK: - Filling columns

    /// `size × fraction` rounded down and clamped to 0...size. Doubles near 2^64 round up past
    /// UInt64.max, so the conversion is guarded instead of trapping.
    static func scaled(_ size: UInt64, by fraction: Double) -> UInt64 {
        let value = Double(size) * fraction
        if !(value > 0) { return 0 }
        if value >= Double(size) { return size }
        return min(size, UInt64(value))
    }

    /// Walks the pieces along the bar, giving each column the fill (and region) that covers the
    /// most of it, and the address range under it. Each piece costs O(1 + columns it spans).
    private mutating func sweep(_ pieces: [BarPiece], width: Int) {
        columns.reserveCapacity(width)
        let totalWeight = pieces.reduce(0.0) { $0 + $1.weight }
        guard totalWeight > 0, let firstPiece = pieces.first, let lastPiece = pieces.last else {
            columns = [BarColumn](repeating: BarColumn(fill: .unmapped, addresses: 0..<0), count: width)
            return
        }
        let scale = Double(width) / totalWeight
        // Coverage per fill: the 16 region kinds, then unmapped, then breaks.
        let kinds = RegionKind.allCases
        var coverage = [Double](repeating: 0, count: kinds.count + 2)
        var bestRegion: Int?
        var bestRegionCoverage = 0.0
        var columnStart = firstPiece.start
        var position = 0.0
        // What a column no piece reached (a rounding leftover at the end) shows.
        var lastFill = firstPiece.fill

        func bucket(_ fill: BarFill) -> Int {
            switch fill {
            case .region(let kind): kinds.firstIndex(of: kind)!
            case .unmapped: kinds.count
            case .gapBreak: kinds.count + 1
            }
        }
        func finishColumn(end: UInt64) {
            var best = 0
            for index in coverage.indices where coverage[index] > coverage[best] { best = index }
            let fill: BarFill = coverage[best] == 0 ? lastFill
                : best < kinds.count ? .region(kinds[best]) : best == kinds.count ? .unmapped : .gapBreak
            columns.append(BarColumn(fill: fill, addresses: columnStart..<max(columnStart, end), regionIndex: bestRegion))
            columnStart = max(columnStart, end)
            for index in coverage.indices { coverage[index] = 0 }
            bestRegion = nil
            bestRegionCoverage = 0
        }

        for piece in pieces {
            let pieceWidth = piece.weight * scale
            guard pieceWidth > 0 else { continue }
            let pieceStart = position, pieceEnd = position + pieceWidth
            if piece.isLabelled, columns.count < width {
                let firstColumn = min(width - 1, Int(pieceStart))
                let endColumn = max(firstColumn + 1, min(width, Int(pieceEnd.rounded(.up))))
                gapLabels.append(BarGapLabel(columns: firstColumn..<endColumn, addresses: piece.start..<piece.end,
                                             isHeapMmapGap: piece.isHeapMmapGap))
            }
            let kindBucket = bucket(piece.fill)
            lastFill = piece.fill
            var x = pieceStart
            while x < pieceEnd, columns.count < width {
                let columnEnd = Double(columns.count + 1)
                let covered = min(pieceEnd, columnEnd) - x
                coverage[kindBucket] += covered
                if let index = piece.regionIndex, covered > bestRegionCoverage {
                    bestRegion = index
                    bestRegionCoverage = covered
                }
                x += covered
                if pieceEnd >= columnEnd {
                    // The column ends inside (or at the end of) this piece: interpolate its address.
                    let fraction = (columnEnd - pieceStart) / pieceWidth
                    let size = piece.end - piece.start
                    finishColumn(end: piece.start + Self.scaled(size, by: fraction))
                }
            }
            position = pieceEnd
        }
        // Rounding may leave the last column open (or, with zero-width leftovers, several).
        while columns.count < width { finishColumn(end: lastPiece.end) }
        if let last = columns.indices.last { columns[last].addresses = columns[last].addresses.lowerBound..<max(columns[last].addresses.lowerBound, lastPiece.end) }
    }
}
