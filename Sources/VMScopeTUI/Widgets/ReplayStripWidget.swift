import VMScopeCore

/// The replay's two rows under the bar area. The first: state and speed (`▶ 4×` / `❚❚ 1×`), the
/// time shown of the recording's length, how many events that includes, and a warning if the
/// recording was cut short. The second: the recording from start to end, one column per slice of
/// time, its events per slice as ▁▂▃▄▅▆▇█ on the heat strip's log scale (so a quiet stretch still
/// shows next to a storm), with `┃` where the replay is, between the start and end times.
struct ReplayStripWidget {
    let strip: ReplayStrip

    static let height = 2

    func draw(into screen: inout Screen, in rect: Rect) {
        guard rect.width > 0, rect.height >= Self.height else { return }
        drawStatus(into: &screen, x: rect.x, y: rect.y, width: rect.width)
        drawActivity(into: &screen, x: rect.x, y: rect.y + 1, width: rect.width)
    }

    private func drawStatus(into screen: inout Screen, x: Int, y: Int, width: Int) {
        let limit = x + width
        var column = x + 1
        let badge = (strip.isPlaying ? "▶ " : "❚❚ ") + ReplayClock.speedLabel(strip.speed)
        column += screen.put(badge, x: column, y: y, role: strip.isPlaying ? .headerValue : .warning, bold: true,
                             maxWidth: limit - column)
        column += 2
        let time = ReplayStrip.time(strip.position - strip.startTime) + " of " + ReplayStrip.time(strip.endTime - strip.startTime)
        column += screen.put(time, x: column, y: y, role: .normal, maxWidth: max(0, limit - column))
        column += 2
        let events = "event \(strip.eventsShown) of \(strip.eventTimes.count)"
        if column + TextFit.columns(events) < limit {
            column += screen.put(events, x: column, y: y, role: .dim)
            column += 2
        }
        if let warning = strip.warning, limit - column > 6 {
            screen.put(TextFit.truncate(SafeText.escape(warning), to: limit - column - 1), x: column, y: y,
                       role: .warning, bold: true, maxWidth: limit - column - 1)
        }
    }

    private func drawActivity(into screen: inout Screen, x: Int, y: Int, width: Int) {
        let start = "0s "
        let end = " " + ReplayStrip.time(strip.endTime - strip.startTime)
        // The times frame the strip when there is room for them and a useful strip between.
        let framed = width - TextFit.columns(start) - TextFit.columns(end) >= 20
        var stripX = x
        var columns = width
        if framed {
            screen.put(start, x: x, y: y, role: .dim)
            stripX = x + TextFit.columns(start)
            columns = width - TextFit.columns(start) - TextFit.columns(end)
            screen.put(end, x: stripX + columns, y: y, role: .dim)
        }
        let counts = strip.activity(columns: columns)
        let busiest = UInt64(counts.max() ?? 0)
        for (offset, count) in counts.enumerated() {
            let level = HeatStripWidget.level(UInt64(count), hottest: busiest)
            screen[stripX + offset, y] = level > 0 ? Cell(HeatStripWidget.glyphs[level - 1], role: .heat(level))
                : Cell("·", role: .unmapped)
        }
        screen[stripX + strip.positionColumn(columns: columns), y] = Cell("┃", role: .headerValue, bold: true)
    }
}
