import VMScopeCore

/// The address-space bar and the two rows that annotate it: above, the convergence row (the
/// heap's top ▶ and the mmap area's bottom ◀ with the size of the room between them and how
/// fast it is closing); below, the gap-size labels and `^` marks under the selected region.
///
/// The geometry comes from `AddressBarLayout` (computed once per frame by `LiveView`); this
/// type only chooses characters and roles, animates kind changes and tints flashes.
struct AddressBarWidget {
    let state: LiveViewState
    let layout: AddressBarLayout
    /// The same address space before the latest change, laid out at the same width, when an
    /// animation runs.
    let previous: AddressBarLayout?

    /// Flashes fainter than this are not drawn: a tint that is barely there reads as noise.
    static let flashThreshold = 0.15

    init(state: LiveViewState, layout: AddressBarLayout) {
        self.state = state
        self.layout = layout
        if let from = state.animationFrom, state.animationProgress < 1 {
            previous = AddressBarLayout(regions: from, width: layout.columns.count, mode: layout.mode,
                                        heapMmapGap: state.heapMmapGap)
        } else {
            previous = nil
        }
    }

    // MARK: - The bar

    /// Draws the bar rows into `rect` (its width should be the layout's width).
    func drawBar(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let fills = displayedFills()
        let tints = flashRoles()
        let selected = selectedColumns()
        let middle = rect.height / 2
        for (index, fill) in fills.enumerated() where index < rect.width {
            let isSelected = selected.contains(index)
            for row in 0..<rect.height {
                var cell = Self.cell(for: fill, row: row, middleRow: middle)
                if let tint = tints[index] { cell.role = tint }
                cell.bold = isSelected
                screen[rect.x + index, rect.y + row] = cell
            }
        }
        // Where the heap and the mmap area met: a ✕ on the middle row, over whatever is there.
        for mark in state.collisions {
            let column = min(BarGeometry.firstColumn(endingAbove: mark.address, in: layout.columns), layout.columns.count - 1)
            guard column >= 0, column < rect.width else { continue }
            screen[rect.x + column, rect.y + middle] = Cell("✕", role: .collision, bold: true)
        }
    }

    /// What each column shows this frame: the layout's fill, or during an animation a blend in
    /// which changed columns switch one by one from the side the change grew from, so brk
    /// growth slides to the right and the mmap area creeps left.
    func displayedFills() -> [BarFill] {
        let now = layout.columns.map(\.fill)
        guard let previous, previous.columns.count == now.count else { return now }
        let before = previous.columns.map(\.fill)
        let progress = min(1, max(0, state.animationProgress.isFinite ? state.animationProgress : 1))
        var shown = now
        var start = 0
        while start < now.count {
            guard now[start] != before[start] else { start += 1; continue }
            var end = start
            while end < now.count, now[end] != before[end] { end += 1 }
            let length = end - start
            let switched = min(length, Int((progress * Double(length)).rounded(.down)))
            let fromRight: Bool
            if start > 0, now[start - 1] == now[start] {
                fromRight = false            // the new kind grows in from the left (heap growing up)
            } else if end < now.count, now[end] == now[end - 1] {
                fromRight = true             // ... or from the right (mmap area growing down)
            } else if start > 0, before[start - 1] == before[start] {
                fromRight = true             // the old kind retreats toward its left neighbour
            } else {
                fromRight = false
            }
            for index in start..<end {
                let hasSwitched = fromRight ? index >= end - switched : index < start + switched
                shown[index] = hasSwitched ? now[index] : before[index]
            }
            start = end
        }
        return shown
    }

    static func cell(for fill: BarFill, row: Int, middleRow: Int) -> Cell {
        switch fill {
        case .region(let kind):
            // Guard pages are reservations, not memory: a lighter shade keeps them apart from
            // the mappings they protect even without colour.
            return Cell(kind == .guardPage ? "▒" : "█", role: .region(kind))
        case .unmapped:
            return Cell(row == middleRow ? "·" : " ", role: .unmapped)
        case .gapBreak:
            return Cell("╫", role: .gapBreak)
        }
    }

    /// Per column, the flash role tinting it (the freshest flash wins), nil for none.
    func flashRoles() -> [ThemeRole?] {
        var roles = [ThemeRole?](repeating: nil, count: layout.columns.count)
        var strength = [Double](repeating: 0, count: layout.columns.count)
        for flash in state.flashes where flash.intensity > Self.flashThreshold {
            let role: ThemeRole = switch flash.kind {
            case .mapped: .flashMapped
            case .unmapped: .flashUnmapped
            case .faulted: .flashFaulted
            case .released: .flashReleased
            }
            for column in BarGeometry.columns(covering: flash.range, in: layout.columns)
            where flash.intensity > strength[column] {
                roles[column] = role
                strength[column] = flash.intensity
            }
        }
        return roles
    }

    /// Columns that show any part of the selected region.
    func selectedColumns() -> Range<Int> {
        guard state.regions.indices.contains(state.selectedRegion) else { return 0..<0 }
        let region = state.regions[state.selectedRegion]
        return BarGeometry.columns(covering: region.start..<region.end, in: layout.columns)
    }

    // MARK: - Labels under the bar

    /// Gap sizes under their gaps, `^` under the selected region and, when there is one, the
    /// kernel's search for room: its window bracketed `├───┤`, `▲` where the mapping landed
    /// (`✕` at the end a failed search started from) and a few words on what it looked for.
    /// The search's ends and mark go first (they are what the selected log line asks about),
    /// then the selection marks (they answer "where is the row I picked"), the search's words;
    /// labels then fill the free space, the heap↔mmap gap first, then the largest gaps, keeping a
    /// blank column between neighbours; the bracket's rule fills what is left of the window.
    func drawLabelRow(into screen: inout Screen, x: Int, y: Int, gapSearch: GapSearchOnBar? = nil) {
        let width = layout.columns.count
        guard width > 0 else { return }
        var taken = [Bool](repeating: false, count: width)
        let bracket = gapSearch.map { GapSearchBracket($0, width: width) }
        bracket?.drawEnds(into: &screen, x: x, y: y, taken: &taken)
        for column in selectedColumns() where !taken[column] {
            screen[x + column, y] = Cell("^", role: .selection, bold: true)
            taken[column] = true
        }
        bracket?.drawCaption(into: &screen, x: x, y: y, taken: &taken)
        defer { bracket?.drawRule(into: &screen, x: x, y: y, taken: taken) }
        let ordered = layout.gapLabels.sorted { a, b in
            if a.isHeapMmapGap != b.isHeapMmapGap { return a.isHeapMmapGap }
            return a.size > b.size
        }
        for gap in ordered {
            let text = ByteFormatter.format(gap.size)
            let length = TextFit.columns(text)
            guard length <= width else { continue }
            let centre = (gap.columns.lowerBound + gap.columns.upperBound) / 2
            let start = min(max(0, centre - length / 2), width - length)
            let low = max(0, start - 1), high = min(width, start + length + 1)
            if taken[low..<high].contains(true) { continue }
            screen.put(text, x: x + start, y: y, role: gap.isHeapMmapGap ? .convergenceGap : .gapLabel)
            for column in start..<(start + length) { taken[column] = true }
        }
    }

    // MARK: - Convergence row above the bar

    /// `heap▶` at the heap's top, `◀mmap` at the mmap area's bottom (for the legacy layout the
    /// mmap area is below: `mmap▶ … ◀program`), the gap's size and trend between or beside them,
    /// and the scale on the right.
    func drawConvergenceRow(into screen: inout Screen, x: Int, y: Int) {
        let width = layout.columns.count
        guard width > 0 else { return }
        var taken = [Bool](repeating: false, count: width)
        func place(_ text: String, at start: Int, role: ThemeRole, bold: Bool = false) -> Bool {
            let length = TextFit.columns(text)
            guard start >= 0, start + length <= width, length > 0 else { return false }
            if taken[start..<(start + length)].contains(true) { return false }
            screen.put(text, x: x + start, y: y, role: role, bold: bold)
            for column in start..<(start + length) { taken[column] = true }
            return true
        }

        var gapText = Self.gapDescription(size: state.heapMmapGap.map { $0.upperBound - $0.lowerBound },
                                          bytesPerSecond: state.gapBytesPerSecond)
        if let gap = layout.gapLabels.first(where: \.isHeapMmapGap) {
            let (lowerName, upperName) = sideNames(of: gap.addresses)
            // The columns holding the last byte below the gap and the first byte above it: the
            // label's column span can start inside a mixed column, the addresses cannot lie.
            let lowEdge = gap.addresses.lowerBound > 0
                ? layout.column(containing: gap.addresses.lowerBound - 1) ?? -1 : -1
            var highEdge = layout.column(containing: gap.addresses.upperBound) ?? width
            if lowEdge >= 0, highEdge <= lowEdge { highEdge = lowEdge + 1 }
            let lowerRole: ThemeRole = lowerName == "mmap" ? .mmapMarker : .heapMarker
            let upperRole: ThemeRole = upperName == "mmap" ? .mmapMarker : .heapMarker
            var lowerLabelStart = lowEdge, upperLabelEnd = highEdge + 1
            var lowerNamed = true
            if lowEdge >= 0 {
                let label = lowerName + "▶"
                let start = lowEdge - TextFit.columns(lowerName)
                if place(label, at: start, role: lowerRole, bold: true) { lowerLabelStart = start }
                else { _ = place("▶", at: lowEdge, role: lowerRole, bold: true); lowerNamed = false }
            }
            if highEdge < width {
                let label = "◀" + upperName
                if place(label, at: highEdge, role: upperRole, bold: true) { upperLabelEnd = highEdge + TextFit.columns(label) }
                else { _ = place("◀", at: highEdge, role: upperRole, bold: true) }
            }
            // The lower side's name tells which gap this is. When it had no room (the heap's top
            // at the bar's left edge) the ▶ is bare, and the gap's words name both sides instead.
            // A bare ◀ at the right edge needs no such help: the named ▶ already says it.
            if !lowerNamed { gapText = lowerName + "↔" + upperName + " " + gapText }
            // Between the markers if the gap is drawn wide (linear, log), else beside them.
            let length = TextFit.columns(gapText)
            let inside = (lowEdge + highEdge + 1) / 2 - length / 2
            if !(inside > lowEdge + 1 && inside + length < highEdge && place(gapText, at: inside, role: .convergenceGap)) {
                if !place(gapText, at: upperLabelEnd + 1, role: .convergenceGap) {
                    _ = place(gapText, at: lowerLabelStart - 1 - length, role: .convergenceGap)
                }
            }
        } else if state.heapMmapGap != nil {
            _ = place("heap↔mmap gap off screen: " + gapText, at: 0, role: .dim)
        }

        // The scale, right-aligned, in the longest form that fits the free space; else at the
        // left edge; else its shortest form over whatever is at the right edge: the user must
        // always see which scale the bar is in.
        let descriptions = scaleDescriptions()
        if !descriptions.contains(where: { place($0, at: width - TextFit.columns($0), role: .dim) }),
           !descriptions.contains(where: { place($0, at: 0, role: .dim) }),
           let shortest = descriptions.last {
            screen.put(shortest, x: x + max(0, width - TextFit.columns(shortest)), y: y, role: .dim, maxWidth: width)
        }
    }

    /// `12.0 TiB gap, closing 1.2 MiB/s` / `opening …` / `steady`.
    static func gapDescription(size: UInt64?, bytesPerSecond: Double) -> String {
        let trend = ConvergenceForecast.trend(bytesPerSecond: bytesPerSecond)
        guard let size else { return trend }
        return ByteFormatter.format(size) + " gap, " + trend
    }

    /// Names for what lies below and above the heap↔mmap gap: the heap side is whatever the
    /// program/heap block is called, the other side is the mmap area.
    private func sideNames(of gap: Range<UInt64>) -> (lower: String, upper: String) {
        let regions = state.regions
        // The region ending exactly where the gap begins, if one does.
        let index = gap.lowerBound > 0 ? SortedRegions.index(containing: gap.lowerBound - 1, in: regions) : nil
        let below = index.flatMap { regions[$0].end == gap.lowerBound ? regions[$0].kind : nil }
        switch below {
        case .heap?: return ("heap", "mmap")
        case .text?, .rodata?, .data?, .bss?: return ("program", "mmap")
        case nil: return ("heap", "mmap")
        default: return ("mmap", "program")
        }
    }

    private func scaleDescriptions() -> [String] {
        switch layout.mode {
        case .compressed: return ["[compressed gaps]", "[cmp]"]
        case .logarithmic: return ["[logarithmic]", "[log]"]
        case .linear(let window):
            let span = window.upperBound - window.lowerBound
            let perColumn = ByteFormatter.format(span / UInt64(max(1, layout.columns.count)) + 1)
            return ["[linear " + AddressFormatter.format(window.lowerBound) + "–"
                        + AddressFormatter.format(window.upperBound) + ", " + perColumn + "/col]",
                    "[linear " + perColumn + "/col]", "[lin]"]
        }
    }
}
