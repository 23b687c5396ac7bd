import VMScopeCore

/// The header's third line when more than one process is watched, or children are followed:
/// `watching 3:  4242 postgres 12/s │ 4243 postgres │ 4250 demo exited 0   following children`.
/// The shown process is in the selection role, ended ones are dim; when the strip is too long
/// for the screen it starts late enough that the shown process is always visible.
struct WatchStripWidget {
    let state: LiveViewState

    func draw(into screen: inout Screen, x: Int, y: Int, width: Int) {
        guard width > 0 else { return }
        let limit = x + width
        var column = x + 1
        let list = state.watchList
        // The footer names the keys ([/]); the strip names the processes.
        column += screen.put("watching \(list.count):", x: column, y: y, role: .header, maxWidth: limit - column)
        column += 1
        let suffix = state.followChildren ? "following children" : ""
        let suffixWidth = suffix.isEmpty ? 0 : TextFit.columns(suffix) + 3
        let end = limit - suffixWidth
        let room = end - column
        let labels = list.map(Self.label)
        let current = min(max(0, state.currentWatchIndex), max(0, list.count - 1))
        let first = Self.firstVisible(labels: labels, current: current, room: room)
        if first > 0 { column += screen.put("… ", x: column, y: y, role: .dim, maxWidth: max(0, room)) }
        for index in list.indices.dropFirst(first) {
            let text = " " + labels[index] + " "
            let columns = TextFit.columns(text)
            if column + columns > end {
                screen.put("…", x: column, y: y, role: .dim, maxWidth: max(0, end - column))
                break
            }
            let role: ThemeRole = index == current ? .selection : list[index].ending == nil ? .headerValue : .dim
            column += screen.put(text, x: column, y: y, role: role, bold: index == current, maxWidth: end - column)
            if index < list.count - 1 {
                column += screen.put("│", x: column, y: y, role: .border, maxWidth: max(0, end - column))
            }
        }
        if !suffix.isEmpty, end > x {
            screen.put(suffix, x: end + 2, y: y, role: .headerValue, maxWidth: suffixWidth - 2)
        }
    }

    /// `4242 postgres 12/s` while it runs, `4250 demo exited 0` once it ended.
    static func label(_ item: WatchListItem) -> String {
        var text = "\(item.pid) " + TextFit.truncate(SafeText.escape(item.name), to: 16)
        if let ending = item.ending {
            text += " " + ending
        } else if item.eventsPerSecond >= 0.05 {
            text += " " + DisplayFormat.rate(item.eventsPerSecond) + "/s"
        }
        return text
    }

    /// The first item to draw so that the current one fits in `room` columns.
    static func firstVisible(labels: [String], current: Int, room: Int) -> Int {
        guard labels.indices.contains(current) else { return 0 }
        var first = 0
        func width(_ range: ClosedRange<Int>) -> Int {
            labels[range].reduce(0) { $0 + TextFit.columns($1) + 3 } + (range.lowerBound > 0 ? 2 : 0)
        }
        while first < current, width(first...current) > room { first += 1 }
        return first
    }
}
