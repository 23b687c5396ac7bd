/// `vmscope diff`'s table: a header line, one line per change (what, where, kind, size, size
/// and RSS deltas, path) with the events that caused it indented under it (time from `origin`,
/// what the call did, and the innermost frame of its stack when it has one), then the totals per
/// region kind that differ. Paths, names and symbols are escaped.
public enum DiffTextRenderer {
    /// - Parameters:
    ///   - origin: the instant times are counted from (the recording's start), CLOCK_MONOTONIC ns.
    ///   - name: the process's name (untrusted), when known.
    public static func lines(_ diff: AddressSpaceDiff, pid: Int32, name: String?, origin: UInt64) -> [String] {
        var lines: [String] = []
        var header = "pid \(pid)"
        if let name { header += " (" + SafeText.escape(name) + ")" }
        header += ": " + seconds(diff.from, origin) + " s -> " + seconds(diff.to, origin) + " s, "
        header += count(diff.changes.count, "change") + ", " + count(diff.eventCount + diff.eventsNotKept, "event")
        lines.append(header)
        if diff.execs > 0 {
            lines.append("note: the program was replaced (exec) between the moments: most changes are that")
        }
        if diff.lostRecords > 0 {
            lines.append("note: \(diff.lostRecords) records lost between the moments: some causes may be missing")
        }
        if diff.eventsNotKept > 0 {
            lines.append("note: \(diff.eventsNotKept) events since the mark were not kept: some causes may be missing")
        }
        if diff.changes.isEmpty {
            lines.append("no change")
        } else {
            var row = TextRow()
            row.append("CHANGE", width: 22)
            row.append("RANGE", width: 31)
            row.append("KIND", width: 13)
            row.append("SIZE", width: 9, right: true)
            row.append("DELTA", width: 10, right: true)
            row.append("RSS DELTA", width: 10, right: true)
            row.space(2)
            row.append("PATH")
            lines.append(String(decoding: row.bytes, as: UTF8.self))
            for change in diff.changes {
                lines.append(changeLine(change))
                lines.append(contentsOf: causeLines(change, origin: origin))
            }
        }
        let totals = diff.changedTotals
        if !totals.isEmpty {
            var row = TextRow()
            row.append("TOTALS", width: 22)
            row.append("REGIONS", width: 16)
            row.append("SIZE BEFORE", width: 12, right: true)
            row.append("SIZE AFTER", width: 12, right: true)
            row.append("DELTA", width: 10, right: true)
            row.append("RSS DELTA", width: 10, right: true)
            lines.append(String(decoding: row.bytes, as: UTF8.self))
            for total in totals + [diff.overall] { lines.append(totalLine(total)) }
        }
        return lines
    }

    static func changeLine(_ change: RegionChange) -> String {
        var row = TextRow()
        row.append(change.kinds.label, width: 22)
        // Kernel-half addresses ([vsyscall]) take 16 digits: the space keeps the columns apart.
        row.appendRange(change.range, width: 30)
        row.space()
        row.append(change.regionKind.label, width: 13)
        row.appendSize(change.after.isEmpty ? change.sizeBefore : change.sizeAfter, width: 9)
        row.append(ByteFormatter.format(delta: change.sizeDelta), width: 10, right: true)
        row.append(change.rssDelta.map { ByteFormatter.format(delta: $0) } ?? "-", width: 10, right: true)
        row.space(2)
        row.appendUntrusted(change.pathname)
        var line = String(decoding: row.bytes, as: UTF8.self)
        while line.hasSuffix(" ") { line.removeLast() }
        if change.kinds.contains(.moved), let before = change.rangeBefore {
            line += " (was " + AddressFormatter.format(before) + ")"
        }
        if change.after.count > 1 || change.before.count > 1 {
            line += " (\(change.before.count) -> \(change.after.count) regions)"
        }
        return line
    }

    static func causeLines(_ change: RegionChange, origin: UInt64) -> [String] {
        var lines: [String] = []
        if change.moreEvents > 0 {
            lines.append("    ... \(change.moreEvents) earlier " + (change.moreEvents == 1 ? "event" : "events"))
        }
        for event in change.events {
            let description = EventDescriber.describe(event)
            var line = "    " + seconds(event.timestamp, origin) + " " + description.label
            if let range = description.range { line += " " + AddressFormatter.format(range) }
            if let bytes = description.bytes { line += " " + ByteFormatter.format(bytes) }
            if !description.detail.isEmpty { line += " " + description.detail }
            if let stack = event.stack, let frame = StackFrameLabel.label(for: stack) { line += " at " + frame }
            lines.append(line)
        }
        if change.faults > 0 { lines.append("    ... " + count(Int(clamping: change.faults), "fault")) }
        return lines
    }

    static func totalLine(_ total: DiffTotal) -> String {
        var row = TextRow()
        row.append(total.kind?.label ?? "all", width: 22)
        row.append("\(total.regionsBefore) -> \(total.regionsAfter)", width: 16)
        row.appendSize(total.sizeBefore, width: 12)
        row.appendSize(total.sizeAfter, width: 12)
        row.append(ByteFormatter.format(delta: total.sizeDelta), width: 10, right: true)
        row.append(total.rssDelta.map { ByteFormatter.format(delta: $0) } ?? "-", width: 10, right: true)
        return String(decoding: row.bytes, as: UTF8.self)
    }

    /// `+1.250000`: seconds after `origin` (negative before it).
    static func seconds(_ timestamp: UInt64, _ origin: UInt64) -> String {
        var row = TextRow()
        let offset = Int64(bitPattern: timestamp &- origin)
        if offset >= 0 { row.append("+") }
        row.appendSeconds(nanoseconds: offset, width: 0)
        return String(decoding: row.bytes, as: UTF8.self)
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) " + noun + (value == 1 ? "" : "s")
    }
}
