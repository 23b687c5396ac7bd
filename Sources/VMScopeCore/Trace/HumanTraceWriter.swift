import Foundation

/// `vmscope trace` without `--json`: one aligned line per event with its process and thread,
/// fault buckets coalesced into bursts, a `#` line when a process joins or ends, and one per
/// snapshot only when it found something the events did not explain.
public final class HumanTraceWriter: TraceWriter {
    private let output: LineOutput
    private var startTime: UInt64 = 0
    private var row = TextRow()
    public var outputBroken: Bool { output.isBroken }

    public init(output: LineOutput) { self.output = output }

    public func begin(_ start: TraceStart) {
        startTime = start.time
        var what: String
        if !start.command.isEmpty {
            what = "pid \(start.pids.first ?? 0): " + SafeText.escape(start.command.joined(separator: " "))
        } else {
            what = (start.pids.count == 1 ? "pid " : "pids ") + start.pids.map(String.init).joined(separator: ", ")
        }
        if start.followChildren { what += " and its children" }
        output.write("# vmscope trace of \(what), source \(start.source)" + (start.note.map { " (\($0))" } ?? "") + "\n")
        output.write(header)
        output.flush()
    }

    private var header: String {
        ColumnPadding.pad("TIME", 10, right: true) + " " + ColumnPadding.pad("PID", 7, right: true) + " "
            + ColumnPadding.pad("TID", 7, right: true) + "  " + ColumnPadding.pad("EVENT", 8) + " "
            + ColumnPadding.pad("RANGE", 29) + " " + ColumnPadding.pad("SIZE", 10, right: true) + "  DETAIL\n"
    }

    public func write(_ updates: [MonitorUpdate], lostTotal: UInt64) {
        for update in updates {
            switch update {
            case .joined(let process):
                var text = "# pid \(process.pid)"
                if let name = process.identity?.command { text += " " + SafeText.escape(name) }
                switch process.joinReason {
                case .forked(let parent): text += " forked by \(parent): traced from its first instruction"
                case .found: text += " found running under a traced process"
                case .launched, .attached: text += " traced"
                }
                output.write(text + "\n")
            case .events(let process, let events):
                write(events, of: process)
            case .lost(let event):
                line(time: event.timestamp, pid: 0, tid: 0, EventDescriber.describe(event))
            case .snapshot(_, let reconciled):
                snapshot(reconciled)
            case .ended(let process):
                ended(process, lostTotal: lostTotal)
            }
        }
        output.flush()
    }

    public func finish() {
        output.flush()
    }

    private func write(_ events: [MemoryEvent], of process: MonitoredProcess) {
        for event in events {
            switch event.kind {
            case .faultCounts, .pageFault: continue  // shown as coalesced runs below
            default:
                var description = EventDescriber.describe(event)
                if event.abi == .i386 || !event.gapSearches.isEmpty || event.collision != nil,
                   let notes = EventDescriber.placementNotes(event) {
                    description.detail += (description.detail.isEmpty ? "" : "; ") + notes
                }
                line(time: event.timestamp, pid: event.tgid, tid: event.tid, description,
                     caller: event.stack.flatMap(callerNote))
            }
        }
        let regions = process.timeline.currentRegions
        for run in FaultRun.coalesce(events) {
            var description = EventDescriber.describe(run)
            // Name the region only when it holds the whole run: counts arrive a drain later, when
            // the region they landed in may already be gone or replaced.
            if let index = SortedRegions.index(containing: run.start, in: regions), run.end <= regions[index].end {
                description.detail = EventDescriber.location(regions[index])
            }
            line(time: run.timestamp, pid: run.tgid, tid: run.tgid, description)
        }
    }

    /// The last few stacks' frames and the callers they name: a storm repeats a few stacks (an
    /// mmap's and its munmap's), whose frames the symbolizer hands out as the same arrays each
    /// time, so a match is one identity check (a mismatch fails on the first address) and each
    /// note is put into words once.
    private var recentCallers: [(frames: [StackFrame], note: String?)] = []

    private func callerNote(_ stack: UserStack) -> String? {
        if stack.frames.isEmpty { return nil }
        for index in recentCallers.indices where recentCallers[index].frames == stack.frames {
            return recentCallers[index].note
        }
        let note = stack.callerNote
        if recentCallers.count >= 4 { recentCallers.removeLast() }
        recentCallers.insert((stack.frames, note), at: 0)
        return note
    }

    private func snapshot(_ reconciled: ReconciledSnapshot) {
        let report = reconciled.report
        guard !report.isInitial, report.unexplainedCount > 0 || report.lostSinceLastSnapshot > 0 else { return }
        var text = "# pid \(reconciled.snapshot.pid) snapshot: \(reconciled.snapshot.regions.count) regions, "
            + "\(report.unexplainedCount) unexplained"
        if report.lostSinceLastSnapshot > 0 { text += ", \(report.lostSinceLastSnapshot) lost" }
        output.write(text + "\n")
        for difference in report.unexplained.prefix(8) { output.write("#   \(difference)\n") }
    }

    private func ended(_ process: MonitoredProcess, lostTotal: UInt64) {
        var text = "# pid \(process.pid) "
        switch process.ending ?? .stopped {
        case .exited(let status): text += ExitStatus(status).description
        case .stopped: text += "still running, no longer traced"
        case .gone, .pidReused: text += "gone"
        case .noAddressSpace(let why): text += "is \(why)"
        }
        let timeline = process.timeline
        text += "; \(timeline.totalEvents) events, \(timeline.totalFaults) faults"
        text += ", \(timeline.totalUnexplained) unexplained, \(lostTotal) lost"
        output.write(text + "\n")
    }

    /// Built as bytes into one reused row: a storm's trace is hundreds of thousands of lines a
    /// second, and padded Strings made the table three times as costly as JSON.
    /// `caller` (already escaped), the call's innermost interesting frame, ends the line.
    private func line(time: UInt64, pid: Int32, tid: Int32, _ d: EventDescription, caller: String? = nil) {
        row.reset()
        row.appendSeconds(nanoseconds: Int64(bitPattern: time &- startTime), width: 10)
        row.space()
        row.appendInteger(pid, width: 7)
        row.space()
        row.appendInteger(tid, width: 7)
        row.space(2)
        row.append(d.label, width: 8)
        row.space()
        if let range = d.range { row.appendRange(range, width: 29) } else { row.space(29) }
        row.space()
        if let bytes = d.bytes {
            row.appendSize(bytes, width: 10)
        } else if let count = d.count {
            row.appendInteger(count, width: 9)
            row.append("×")
        } else {
            row.space(10)
        }
        if !d.detail.isEmpty {
            row.space(2)
            row.append(d.detail)
        }
        if let caller {
            if d.detail.isEmpty { row.space(2) } else { row.space() }
            row.append(caller)
        }
        row.newline()
        output.write(bytes: row.bytes)
    }
}
