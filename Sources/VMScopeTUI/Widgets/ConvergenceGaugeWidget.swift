import VMScopeCore

/// One row: the heap and the mmap area facing each other across the gap, drawn to
/// `ConvergenceGauge`'s log scale so a 42 TiB gap and a 4 MiB one are both legible, with each
/// side's size, the gap's size inside it, its trend and, while it closes, when they meet:
///
///     heap 48 MiB ████▶······· 312 MiB gap ·······◀██████ mmap 1.2 GiB  closing 6.7 MiB/s, meet in ~46 s at this rate
///
/// A refused brk or a misplaced mmap (`state.collisions`) puts a `✕` where the sides meet, and
/// its reason in the trend's place while it is marked.
struct ConvergenceGaugeWidget {
    let state: LiveViewState

    /// Columns the gauge itself keeps at least; the trend text gives way first.
    static let minimumGaugeWidth = 16

    func draw(into screen: inout Screen, x: Int, y: Int, width: Int) {
        guard width > 0 else { return }
        guard let summary = state.addressSpaceSummary,
              let gauge = ConvergenceGauge(summary: summary, width: max(3, width / 2)) else {
            drawWithoutGap(into: &screen, x: x, y: y, width: width)
            return
        }
        // Side labels from the most to the least said: names and sizes, names, nothing.
        let lowerName = gauge.lower.kind.rawValue, upperName = gauge.upper.kind.rawValue
        let labelSets = [(lowerName + " " + ByteFormatter.format(gauge.lower.size) + " ",
                          " " + upperName + " " + ByteFormatter.format(gauge.upper.size)),
                         (lowerName + " ", " " + upperName), ("", "")]
        // The gap's size goes inside the gap when the gap is wide enough, else before the trend.
        var sized = false
        var choice = fit(trends(gauge, sized: false), labelSets: labelSets, width: width)
        if let fitted = ConvergenceGauge(summary: summary, width: choice.gaugeWidth), !fitsSize(fitted) {
            sized = true
            choice = fit(trends(gauge, sized: true), labelSets: labelSets, width: width)
        }
        guard choice.gaugeWidth >= 3, let fitted = ConvergenceGauge(summary: summary, width: choice.gaugeWidth) else { return }

        var column = x
        column += screen.put(choice.labels.0, x: column, y: y, role: .dim)
        drawGauge(fitted, into: &screen, x: column, y: y, showsSize: !sized)
        column += choice.gaugeWidth
        column += screen.put(choice.labels.1, x: column, y: y, role: .dim)
        if !choice.trend.isEmpty {
            let closing = ConvergenceForecast.secondsToMeet(gap: fitted.gapSize, bytesPerSecond: state.gapBytesPerSecond) != nil
            let role: ThemeRole = state.collisions.last?.collision.reason == choice.trend ? .error
                : closing ? .convergenceGap : .dim
            screen.put(choice.trend, x: column + 2, y: y, role: role)
        }
    }

    /// The trend texts from longest to shortest (the last one empty): with the forecast, with
    /// it shortened, the trend alone. `sized`: each starts with the gap's size.
    private func trends(_ gauge: ConvergenceGauge, sized: Bool) -> [String] {
        let trend = (sized ? ByteFormatter.format(gauge.gapSize) + " gap, " : "")
            + ConvergenceForecast.trend(bytesPerSecond: state.gapBytesPerSecond)
        var texts = [trend]
        if let forecast = ConvergenceForecast.description(gap: gauge.gapSize, bytesPerSecond: state.gapBytesPerSecond) {
            texts.insert(trend + ", " + forecast, at: 0)
            if forecast.hasSuffix(" at this rate") {
                texts.insert(trend + ", " + forecast.dropLast(" at this rate".count), at: 1)
            }
        }
        // Right after they met, why: the trend can wait (the gap has stopped closing anyway).
        if let latest = state.collisions.last { texts.insert(latest.collision.reason, at: 0) }
        return texts + [""]
    }

    /// The longest trend and labels that leave the gauge its minimum width. The side labels
    /// lose their sizes before the forecast shortens (when they meet matters more than how big
    /// each side is), and their names last.
    private func fit(_ trends: [String], labelSets: [(String, String)],
                     width: Int) -> (trend: String, labels: (String, String), gaugeWidth: Int) {
        var candidates: [(String, (String, String))] = [(trends[0], labelSets[0]), (trends[0], labelSets[1])]
        for trend in trends.dropFirst() { candidates += [(trend, labelSets[1]), (trend, labelSets[2])] }
        let room = { (trend: String, labels: (String, String)) -> Int in
            width - (trend.isEmpty ? 0 : 2 + TextFit.columns(trend)) - TextFit.columns(labels.0) - TextFit.columns(labels.1)
        }
        let (trend, labels) = candidates.first { room($0.0, $0.1) >= Self.minimumGaugeWidth } ?? ("", ("", ""))
        return (trend, labels, room(trend, labels))
    }

    private func sizeLabels(_ gauge: ConvergenceGauge) -> [String] {
        [" " + ByteFormatter.format(gauge.gapSize) + " gap ", " " + ByteFormatter.format(gauge.gapSize) + " "]
    }

    /// Whether the gap is wide enough to hold its size (with a dot either side).
    private func fitsSize(_ gauge: ConvergenceGauge) -> Bool {
        gauge.gapSize <= 4096 || sizeLabels(gauge).contains { TextFit.columns($0) + 2 <= gauge.gapColumns.count }
    }

    /// `showsSize`: write the gap's size inside the gap (where it fits).
    private func drawGauge(_ gauge: ConvergenceGauge, into screen: inout Screen, x: Int, y: Int, showsSize: Bool) {
        for column in gauge.lower.columns {
            screen[x + column, y] = Cell("█", role: Self.role(of: gauge.lower.kind))
        }
        for column in gauge.upper.columns {
            screen[x + column, y] = Cell("█", role: Self.role(of: gauge.upper.kind))
        }
        for column in gauge.gapColumns { screen[x + column, y] = Cell("·", role: .unmapped) }
        // The growing fronts: ▶ at the lower side's top, ◀ at the upper side's bottom.
        if let last = gauge.lower.columns.last {
            screen[x + last, y] = Cell("▶", role: Self.marker(of: gauge.lower.kind), bold: true)
        }
        if let first = gauge.upper.columns.first {
            screen[x + first, y] = Cell("◀", role: Self.marker(of: gauge.upper.kind), bold: true)
        }
        for text in sizeLabels(gauge) where showsSize && TextFit.columns(text) + 2 <= gauge.gapColumns.count {
            let start = gauge.gapColumns.lowerBound + (gauge.gapColumns.count - TextFit.columns(text)) / 2
            screen.put(text, x: x + start, y: y, role: .convergenceGap)
            break
        }
        if !state.collisions.isEmpty {
            // Where they met: the lower side's front, which the refused call ran into.
            let at = gauge.gapColumns.isEmpty ? gauge.upper.columns.lowerBound : gauge.gapColumns.lowerBound
            screen[x + at, y] = Cell("✕", role: .collision, bold: true)
        }
    }

    /// No gap to draw: nothing mapped yet, no mmap area, or the two sides touch.
    private func drawWithoutGap(into screen: inout Screen, x: Int, y: Int, width: Int) {
        guard let summary = state.addressSpaceSummary, !state.regions.isEmpty else { return }
        let text: String
        let role: ThemeRole
        if summary.mmapArea != nil, summary.heap != nil || summary.program != nil {
            text = "heap and mmap area meet: no room left between them"
            role = .collision
        } else {
            text = "heap↔mmap: no mmap area yet"
            role = .dim
        }
        screen.put(TextFit.truncate(text, to: width), x: x, y: y, role: role)
    }

    private static func role(of side: ConvergenceGauge.Side.Kind) -> ThemeRole {
        switch side {
        case .heap: .region(.heap)
        case .program: .region(.text)
        case .mmap: .region(.anonymous)
        }
    }

    private static func marker(of side: ConvergenceGauge.Side.Kind) -> ThemeRole {
        side == .mmap ? .mmapMarker : .heapMarker
    }
}
