/// The cursor in the event log (`<` / `>`): which line is selected and how the log scrolls to
/// keep it in view. A line is named by its `serial`, not its index, because the log changes
/// under the cursor: the oldest lines go, the newest folds more calls in, and three lines can
/// fold into one pair line. A selection whose line is gone falls to the nearest older line that
/// is still there.
enum EventSelection {
    /// Index into `entries` (ordered by serial) of the line `serial` names, or of the nearest
    /// older one; nil when every line is newer (or there are none).
    static func index(of serial: Int, in entries: [EventLogEntry]) -> Int? {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].serial <= serial { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? low - 1 : nil
    }

    /// The selected line itself; nil without a selection or when nothing at or before it is left.
    static func entry(_ serial: Int?, in entries: [EventLogEntry]) -> EventLogEntry? {
        guard let serial, let index = index(of: serial, in: entries) else { return nil }
        return entries[index]
    }

    /// The selection after one step toward older (`step` < 0) or newer (> 0) lines shown by the
    /// filter. Without a selection either step picks the newest line on screen (`scroll` lines
    /// back from the newest shown); a step newer than the newest line ends the selection (nil),
    /// and the log follows the newest again; a step older than the oldest stays.
    static func moved(_ serial: Int?, by step: Int, in entries: [EventLogEntry],
                      hidden: Set<EventLogCategory>, scroll: Int) -> Int? {
        let shown = { (index: Int) in !hidden.contains(entries[index].category) }
        guard let serial, let start = index(of: serial, in: entries) else {
            // The newest shown line `scroll` back, or the oldest shown when scrolled past it.
            var index = entries.count - 1, skipped = 0, last: Int?
            while index >= 0 {
                if shown(index) {
                    last = index
                    if skipped == max(0, scroll) { break }
                    skipped += 1
                }
                index -= 1
            }
            return last.map { entries[$0].serial }
        }
        var index = start
        var remaining = abs(step)
        while remaining > 0 {
            var next = index + (step < 0 ? -1 : 1)
            while next >= 0, next < entries.count, !shown(next) { next += step < 0 ? -1 : 1 }
            if next >= entries.count { return nil }
            if next < 0 { break }
            index = next
            remaining -= 1
        }
        return entries[index].serial
    }

    /// `scroll` (lines back from the newest shown) moved as little as needed for the selected
    /// line to be among the `rows` shown; unchanged without a selection.
    static func scroll(_ scroll: Int, keeping serial: Int?, in entries: [EventLogEntry],
                       hidden: Set<EventLogCategory>, rows: Int) -> Int {
        guard let serial, rows > 0, let selected = index(of: serial, in: entries) else { return scroll }
        // Lines shown below the selected one: the cost is the distance, not the log's length.
        var below = 0
        var index = entries.count - 1
        while index > selected {
            if !hidden.contains(entries[index].category) { below += 1 }
            index -= 1
        }
        return min(below, max(scroll, below - rows + 1))
    }
}
