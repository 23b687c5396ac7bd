import Benchmark
import BenchmarkInputs
import VMScopeCore
import VMScopeTUI

/// The process picker on a host with 5 000 processes. `visibleRows` filters and sorts every
/// row; it runs once when the state changes and once more when the frame is built, so a
/// keystroke pays for two passes plus drawing. Typing must stay instant.
func pickerBenchmarks() {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]
    let listings = ProcessTable.listings(count: 5_000)

    /// Rows as the session makes them: a few processes watched, with their rates.
    func rows() -> [PickerRow] {
        listings.map { listing in
            listing.pid % 500 == 2 ? PickerRow(listing, isWatched: true, eventsPerSecond: Double(listing.pid % 3_000))
                : PickerRow(listing)
        }
    }

    // Sorting alone: by command (string comparison, the slowest key) and by RSS (the column
    // people sort by to find the big ones).
    for (label, column) in [("command", PickerColumn.command), ("RSS", PickerColumn.rss)] {
        Benchmark("PickerState.visibleRows 5000 rows sorted by \(label)", configuration: .init(metrics: metrics)) { benchmark, state in
            for _ in benchmark.scaledIterations {
                blackHole(state.visibleRows)
            }
        } setup: {
            PickerState(rows: rows(), sortColumn: column)
        }
    }

    // One typed character with a filter already in place ("py" → "pyt", keeping the Python
    // jobs), sorted by RSS, then the 160×50 frame: what a keystroke costs end to end.
    Benchmark("Picker keystroke 5000 rows filter and sort then 160x50 frame", configuration: .init(metrics: metrics)) { benchmark, start in
        for _ in benchmark.scaledIterations {
            var state = start
            blackHole(state.handle(.character("t"), pageSize: 44))
            blackHole(PickerView(state: state, width: 160, height: 50).render())
        }
    } setup: { () -> PickerState in
        var state = PickerState(rows: rows(), sortColumn: .rss)
        state.setFilter("py")
        return state
    }

    // The rescan every 2 s: fresh listings become rows (escaped, lower-cased for the filter),
    // the state keeps its selection across them, and the frame is drawn.
    Benchmark("Picker rescan 5000 listings to rows then 160x50 frame", configuration: .init(metrics: metrics)) { benchmark, start in
        for _ in benchmark.scaledIterations {
            var state = start
            state.update(rows: rows())
            blackHole(PickerView(state: state, width: 160, height: 50).render())
        }
    } setup: {
        PickerState(rows: rows(), selecting: listings[2_500].pid, sortColumn: .rss)
    }
}
