import VMScopeCore

/// `vmscope trace` without `--json`: one aligned line per event, fault buckets coalesced into
/// bursts, a line per snapshot only when it found something the events did not explain.
final class HumanTraceWriter: TraceWriter {
    private let output: LineOutput
    private var startTime: UInt64 = 0
    var outputBroken: Bool { output.isBroken }
    private var linesSinceHeader = 0

    init(output: LineOutput) { self.output = output }

    func begin(pid: Int32, command: [String], source: String, note: String?, startTime: UInt64) {
        self.startTime = startTime
        let what = command.isEmpty ? "pid \(pid)" : "pid \(pid): " + SafeText.escape(command.joined(separator: " "))
        output.write("# vmscope trace of \(what), source \(source)" + (note.map { " (\($0))" } ?? "") + "\n")
        output.write(header)
        output.flush()
    }

    private var header: String {
        ColumnPadding.pad("TIME", 10, right: true) + " " + ColumnPadding.pad("TID", 7, right: true) + "  " + ColumnPadding.pad("EVENT", 8) + " "
            + ColumnPadding.pad("RANGE", 29) + " " + ColumnPadding.pad("SIZE", 10, right: true) + "  DETAIL\n"
    }

    func events(_ events: [MemoryEvent], timeline: Timeline) {
        for event in events {
            switch event.kind {
            case .faultCounts, .pageFault: continue  // shown as coalesced runs below
            default: line(time: event.timestamp, tid: event.tid, EventDescriber.describe(event))
            }
        }
        for run in FaultRun.coalesce(events) {
            var description = EventDescriber.describe(run)
            // Name the region only when it holds the whole run: counts arrive a drain later, when
            // the region they landed in may already be gone or replaced.
            let regions = timeline.currentRegions
            if let index = SortedRegions.index(containing: run.start, in: regions), run.end <= regions[index].end {
                description.detail = EventDescriber.location(regions[index])
            }
            line(time: run.timestamp, tid: run.tgid, description)
        }
        output.flush()
    }

    func snapshot(_ snapshot: AddressSpaceSnapshot, report: ReconcileReport, regionsChanged: Bool,
                  lostTotal: UInt64) {
        guard !report.isInitial, report.unexplainedCount > 0 || report.lostSinceLastSnapshot > 0 else { return }
        var text = "# snapshot: \(snapshot.regions.count) regions, \(report.unexplainedCount) unexplained"
        if report.lostSinceLastSnapshot > 0 { text += ", \(report.lostSinceLastSnapshot) lost" }
        output.write(text + "\n")
        for difference in report.unexplained.prefix(8) { output.write("#   \(difference)\n") }
        output.flush()
    }

    func finish(exitStatus: Int32?, interrupted: Bool, timeline: Timeline, lostTotal: UInt64) {
        var text = "# "
        if let exitStatus {
            text += "process " + ExitStatus(exitStatus).description
        } else if interrupted {
            text += "stopped (process still running)"
        } else {
            text += "process gone"
        }
        text += "; \(timeline.totalEvents) events, \(timeline.totalFaults) faults"
        text += ", \(timeline.totalUnexplained) unexplained, \(lostTotal) lost"
        output.write(text + "\n")
        output.flush()
    }

    private func line(time: UInt64, tid: Int32, _ d: EventDescription) {
        let seconds = Double(time &- startTime) / 1e9
        let timeText = time >= startTime ? String(format: "%.6f", seconds) : "-" + String(format: "%.6f", Double(startTime - time) / 1e9)
        let range = d.range.map(AddressFormatter.format) ?? ""
        let size = d.bytes.map(ByteFormatter.format) ?? d.count.map { "\($0)×" } ?? ""
        output.write(ColumnPadding.pad(timeText, 10, right: true) + " " + ColumnPadding.pad(String(tid), 7, right: true) + "  "
                     + ColumnPadding.pad(d.label, 8) + " " + ColumnPadding.pad(range, 29) + " " + ColumnPadding.pad(size, 10, right: true) + (d.detail.isEmpty ? "" : "  " + d.detail) + "\n")
    }
}
