import VMScopeCore

/// The region table: one row per mapping with start–end, size, permissions, kind, resident
/// bytes, fault count and path. The selected row is highlighted and always in view; columns
/// that do not fit a narrow panel are dropped least-useful first (faults, RSS, permissions,
/// then the end address) so the path keeps at least a few columns.
struct RegionTableWidget {
    let state: LiveViewState
    let focused: Bool
    /// The first row shown: the layout's `regionScroll`, which mouse hit-tests use too.
    let firstRow: Int

    /// Title row and column-heading row above the data rows.
    static let chromeRows = 2

    /// The first row to show so that `selected` is visible, starting from the requested
    /// `scroll`, clamped to the table.
    static func effectiveScroll(selected: Int, scroll: Int, count: Int, rows: Int) -> Int {
        guard rows > 0, count > 0 else { return 0 }
        var first = max(0, scroll)
        if selected >= 0, selected < count {
            if selected < first { first = selected }
            if selected >= first + rows { first = selected - rows + 1 }
        }
        return min(first, max(0, count - rows))
    }

    private struct Columns {
        var rangeWidth: Int
        var showEnd: Bool
        var kindWidth: Int
        var showPerms: Bool
        var showRSS: Bool
        var showFaults: Bool

        static let size = 8, perms = 4, rss = 8, faults = 7, minimumPath = 10

        func fixedWidth(addressWidth: Int) -> Int {
            (showEnd ? addressWidth * 2 + 1 : addressWidth) + 1 + Self.size + 1 + (showPerms ? Self.perms + 1 : 0)
                + kindWidth + 1 + (showRSS ? Self.rss + 1 : 0) + (showFaults ? Self.faults + 1 : 0)
        }

        /// The widest set of columns that leaves room for the path.
        static func fitting(width: Int, addressWidth: Int, kindWidth: Int) -> Columns {
            var columns = Columns(rangeWidth: 0, showEnd: true, kindWidth: kindWidth, showPerms: true, showRSS: true, showFaults: true)
            let steps: [(inout Columns) -> Void] = [
                { $0.showFaults = false }, { $0.kindWidth = min($0.kindWidth, 8) }, { $0.showRSS = false },
                { $0.showPerms = false }, { $0.showEnd = false },
            ]
            for step in steps where columns.fixedWidth(addressWidth: addressWidth) + minimumPath > width - 1 {
                step(&columns)
            }
            columns.rangeWidth = columns.showEnd ? addressWidth * 2 + 1 : addressWidth
            return columns
        }
    }

    func draw(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let regions = state.regions
        let rows = max(0, rect.height - Self.chromeRows)
        let first = firstRow
        let last = min(regions.count, first + rows)
        let status = regions.isEmpty ? "no regions"
            : rows == 0 ? "\(regions.count) regions"
            : "\(first + 1)–\(last) of \(regions.count)"
        PanelTitle.draw(into: &screen, x: rect.x, y: rect.y, width: rect.width, title: "Regions",
                        status: status, focused: focused)
        guard rect.height > 1 else { return }

        // Addresses are 12 hex digits in user space; a visible [vsyscall] needs 16.
        // Kind labels run from 4 ("heap") to 12 ("thread-stack") columns: size to the rows shown.
        var addressWidth = 14, kindWidth = 4
        for index in first..<last {
            addressWidth = max(addressWidth, AddressFormatter.format(regions[index].end &- 1).count)
            kindWidth = max(kindWidth, regions[index].kind.label.count)
        }
        let columns = Columns.fitting(width: rect.width, addressWidth: addressWidth, kindWidth: kindWidth)

        let headingY = rect.y + 1
        var headings: [(String, Int, Bool)] = [(columns.showEnd ? "START–END" : "START", columns.rangeWidth, false),
                                               ("SIZE", Columns.size, true)]
        if columns.showPerms { headings.append(("PERM", Columns.perms, false)) }
        headings.append(("KIND", columns.kindWidth, false))
        if columns.showRSS { headings.append(("RSS", Columns.rss, true)) }
        if columns.showFaults { headings.append(("FAULTS", Columns.faults, true)) }
        var x = rect.x + 1
        for (title, width, right) in headings {
            screen.put(TextFit.pad(title, to: width, right: right), x: x, y: headingY, role: .dim, bold: true,
                       maxWidth: rect.maxX - x)
            x += width + 1
        }
        screen.put("PATH", x: x, y: headingY, role: .dim, bold: true, maxWidth: max(0, rect.maxX - x))

        for index in first..<last {
            drawRow(index, columns: columns, into: &screen, x: rect.x, y: rect.y + Self.chromeRows + index - first,
                    width: rect.width)
        }
    }

    private func drawRow(_ index: Int, columns: Columns, into screen: inout Screen, x rowX: Int, y: Int, width: Int) {
        let region = state.regions[index]
        let limit = rowX + width
        var x = rowX + 1
        func cell(_ text: String, _ columnWidth: Int, right: Bool = false, role: ThemeRole = .normal) {
            screen.put(TextFit.pad(text, to: columnWidth, right: right), x: x, y: y, role: role,
                       maxWidth: max(0, limit - x))
            x += columnWidth + 1
        }
        let range = columns.showEnd ? AddressFormatter.format(region.start..<region.end)
            : AddressFormatter.format(region.start)
        cell(range, columns.rangeWidth)
        cell(ByteFormatter.format(region.size), Columns.size, right: true)
        if columns.showPerms { cell(region.permissions.description, Columns.perms) }
        cell(region.kind.label, columns.kindWidth, role: .region(region.kind))
        if columns.showRSS {
            let resident = state.regionResident.indices.contains(index) ? state.regionResident[index] : nil
            cell(resident.map { ByteFormatter.format($0) } ?? "-", Columns.rss, right: true,
                 role: resident == nil ? .dim : .normal)
        }
        if columns.showFaults {
            let faults = state.regionFaults.indices.contains(index) ? state.regionFaults[index] : 0
            cell(faults == 0 ? "-" : Self.compactCount(faults), Columns.faults, right: true,
                 role: faults == 0 ? .dim : .normal)
        }
        let path: String
        if region.pathname.isEmpty {
            path = "[anon]"
        } else {
            path = SafeText.escape(region.pathname) + (region.isDeleted ? " (deleted)" : "")
        }
        let room = limit - x - 1
        if room > 0 {
            screen.put(TextFit.truncate(path, to: room), x: x, y: y, role: region.pathname.isEmpty ? .dim : .normal,
                       maxWidth: room)
        }
        if index == state.selectedRegion {
            screen.restyle(Rect(x: rowX, y: y, width: width, height: 1), role: .selection, bold: focused)
        }
    }

    /// Up to seven columns: `1234567`, then `12.3M`, `4.5G`.
    static func compactCount(_ value: UInt64) -> String {
        if value < 10_000_000 { return "\(value)" }
        if value < 1_000_000_000 { return DisplayFormat.tenths(Double(value) / 1e6) + "M" }
        return DisplayFormat.tenths(Double(value) / 1e9) + "G"
    }
}
