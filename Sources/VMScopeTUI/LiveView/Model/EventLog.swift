import VMScopeCore

/// One process's event log as the live view keeps it: newest last, bounded so a long session
/// keeps constant memory, identical consecutive entries folded into one line with a count.
struct EventLog {
    private(set) var entries: [EventLogEntry] = []
    /// Lines kept; the oldest go first.
    let limit: Int

    init(limit: Int = 10_000) {
        self.limit = max(1, limit)
    }

    mutating func removeAll() { entries.removeAll() }

    /// Appends, folding an entry identical to the previous one (same call, same place, same
    /// thread) into it: the line keeps the newest time and counts the repeats.
    mutating func append(_ entry: EventLogEntry) {
        if var last = entries.last, last.category == entry.category, last.description == entry.description,
           last.tid == entry.tid {
            last.repeatCount += 1
            last.timestamp = entry.timestamp
            last.seconds = entry.seconds
            entries[entries.count - 1] = last
            return
        }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// One line per region per drain ("faults ×256 in anon"), not one per 64 KiB bucket: a
    /// page-touching wave over a big region would otherwise flood the log. `regions` is the
    /// live layout after the drain; `seconds` turns a timestamp into the log's time column.
    mutating func appendFaultBursts(_ runs: [FaultRun], regions: [Region], seconds: (UInt64) -> Double) {
        guard !runs.isEmpty else { return }
        var bursts: [(range: Range<UInt64>, count: UInt64, time: UInt64, tid: Int32, region: Region?)] = []
        for run in runs {
            let region = SortedRegions.index(containing: run.start, in: regions).map { regions[$0] }
            if let region, let last = bursts.last, last.region == region {
                bursts[bursts.count - 1].count += run.count
                bursts[bursts.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, run.end)
                bursts[bursts.count - 1].time = max(last.time, run.timestamp)
            } else {
                bursts.append((run.start..<run.end, run.count, run.timestamp, run.tgid, region))
            }
        }
        for burst in bursts {
            var description = EventDescription(label: "faults", range: burst.range, count: burst.count)
            if let region = burst.region { description.detail = EventDescriber.location(region) }
            append(EventLogEntry(timestamp: burst.time, seconds: seconds(burst.time), tid: burst.tid,
                                 category: .fault, description: description))
        }
    }
}
