/// `vmscope diff --json`: one JSON document per process, each on one line (so several
/// processes make JSON Lines, and `jq` reads either). Chosen over a line per change because a
/// diff is read whole — totals next to the changes they sum — and is small (changes, not events;
/// each change lists at most the diff's cap of events). The schema is in the README.
///
/// `caused_by` lists the latest events that touched a change, `earlier_events` counts the rest.
/// Times: `*_ns` are CLOCK_MONOTONIC nanoseconds as recorded; `from`, `to` and each event's
/// `t` are seconds after `origin` (the recording's start). Sizes and RSS in bytes; an RSS is
/// null when smaps had no figures for it.
public enum DiffJSONRenderer {
    public static func line(_ diff: AddressSpaceDiff, pid: Int32, name: String?, origin: UInt64) -> JSONLine {
        var line = JSONLine()
        line.add("type", literal: "diff")
        line.add("pid", pid)
        line.add("name", name)
        line.add("from_ns", diff.from)
        line.add("to_ns", diff.to)
        line.add("from", nanoseconds: Int64(bitPattern: diff.from &- origin))
        line.add("to", nanoseconds: Int64(bitPattern: diff.to &- origin))
        line.add("events", diff.eventCount)
        line.add("events_not_kept", diff.eventsNotKept)
        line.add("lost", diff.lostRecords)
        line.add("execs", diff.execs)
        line.add("changes", objectsOf: diff.changes) { line, change in
            add(change, to: &line, origin: origin)
        }
        line.add("totals", objectsOf: diff.totals) { line, total in add(total, to: &line) }
        line.add("overall") { line in add(diff.overall, to: &line) }
        return line
    }

    static func add(_ change: RegionChange, to line: inout JSONLine, origin: UInt64) {
        line.add("change", change.kinds.labels)
        line.add("kind", change.regionKind.label)
        line.add("start", change.range.lowerBound)
        line.add("end", change.range.upperBound)
        line.add("path", change.pathname)
        line.add("size_before", change.sizeBefore)
        line.add("size_after", change.sizeAfter)
        line.add("size_delta", change.sizeDelta)
        line.add("rss_before", change.rssBefore)
        line.add("rss_after", change.rssAfter)
        line.add("rss_delta", change.rssDelta)
        line.add("faults", change.faults)
        line.add("before", objectsOf: change.before, RegionJSON.add)
        line.add("after", objectsOf: change.after, RegionJSON.add)
        line.add("caused_by", objectsOf: change.events) { line, event in add(event, to: &line, origin: origin) }
        line.add("earlier_events", change.moreEvents)
    }

    /// An event as the diff's causes show it: what it did in the words the event log uses, and
    /// its stack (innermost first) when it has one.
    static func add(_ event: MemoryEvent, to line: inout JSONLine, origin: UInt64) {
        let description = EventDescriber.describe(event)
        line.add("ts_ns", event.timestamp)
        line.add("t", nanoseconds: Int64(bitPattern: event.timestamp &- origin))
        line.add("tid", event.tid)
        line.add("what", description.label)
        line.add("start", description.range?.lowerBound)
        line.add("end", description.range?.upperBound)
        line.add("bytes", description.bytes)
        line.add("detail", description.detail)
        guard let stack = event.stack else { return }
        line.add("frame", StackFrameLabel.label(for: stack))
        line.add("stack", integers: stack.addresses)
        line.add("frames", objectsOf: stack.frames) { line, frame in
            line.add("address", frame.address)
            line.add("module", frame.module)
            line.add("module_offset", frame.moduleOffset)
            line.add("symbol", frame.symbol)
            line.add("symbol_offset", frame.symbolOffset)
        }
    }

    static func add(_ total: DiffTotal, to line: inout JSONLine) {
        if let kind = total.kind { line.add("kind", kind.label) }
        line.add("regions_before", total.regionsBefore)
        line.add("regions_after", total.regionsAfter)
        line.add("size_before", total.sizeBefore)
        line.add("size_after", total.sizeAfter)
        line.add("size_delta", total.sizeDelta)
        line.add("rss_before", total.rssBefore)
        line.add("rss_after", total.rssAfter)
        line.add("rss_delta", total.rssDelta)
        line.add("rss_unknown_before", total.rssUnknownBefore)
        line.add("rss_unknown_after", total.rssUnknownAfter)
    }
}
