import VMScopeCore

/// One process's event log as the live view keeps it: newest last, bounded so a long session
/// keeps constant memory, and repetitions folded into one line with a count: the same call again
/// (`mmap … ×12`), or a cycle of two calls again and again — a storm of `mmap`/`munmap` pairs
/// reads `mmap+munmap 64 KiB ×183 402`, and the faults its mappings take are counted on that
/// line rather than listed drain after drain. When the pattern changes, the events that broke
/// it are listed one by one again.
///
/// Matching a repetition compares the raw events (kind and thread), so a storm's events cost a
/// comparison each; an event is put into words only when it starts a new line.
struct EventLog {
    private(set) var entries: [EventLogEntry] = []
    /// Lines kept; the oldest go first.
    let limit: Int
    /// The repetition the last line stands for, while it may still continue.
    private var fold: Fold?
    /// The next line's `serial`; never reused, not even after `removeAll`.
    private var nextSerial = 1

    /// A line that stands for `members` repeated; `matched` members of the next repetition have
    /// arrived (they are counted when the repetition completes).
    private struct Fold {
        var members: [Member]
        var matched: [MemoryEvent] = []
    }

    private struct Member: Equatable {
        var kind: MemoryEventKind
        var tid: Int32
    }

    /// The longest cycle folded: a call and its undo (mmap then munmap, mprotect there and
    /// back) is what storms are made of.
    static let longestCycle = 2

    init(limit: Int = 10_000) {
        self.limit = max(1, limit)
    }

    mutating func removeAll() {
        entries.removeAll()
        fold = nil
    }

    /// Appends `event` (applied to the model already). `describe` puts it into words, and is
    /// only called when the event starts a line.
    mutating func append(_ event: MemoryEvent, seconds: (UInt64) -> Double, describe: () -> EventDescription) {
        let member = Member(kind: event.kind, tid: event.tid)
        if var current = fold {
            if current.members[current.matched.count] == member {
                current.matched.append(event)
                if current.matched.count == current.members.count {
                    var last = entries[entries.count - 1]
                    last.repeatCount += 1
                    if let searched = current.matched.last(where: { !$0.gapSearches.isEmpty }) {
                        last.gapSearches = searched.gapSearches
                    }
                    if let stacked = current.matched.last(where: { $0.stack != nil }) { last.stack = stacked.stack }
                    last.timestamp = event.timestamp
                    last.seconds = seconds(event.timestamp)
                    entries[entries.count - 1] = last
                    current.matched.removeAll(keepingCapacity: true)
                }
                fold = current
                return
            }
            // The pattern broke: what had matched of the next repetition is listed as itself.
            fold = nil
            for pending in current.matched {
                append(line(for: pending, seconds: seconds, description: EventDescriber.describe(pending)),
                       member: Member(kind: pending.kind, tid: pending.tid))
            }
        }
        append(line(for: event, seconds: seconds, description: describe()), member: member)
    }

    /// Appends a line that is not a call (a fault burst, a lost-records note), folding it into an
    /// identical previous line. It ends any repetition.
    mutating func append(_ entry: EventLogEntry) {
        fold = nil
        if var last = entries.last, last.category == entry.category, last.description == entry.description,
           last.tid == entry.tid {
            last.repeatCount += 1
            last.timestamp = entry.timestamp
            last.seconds = entry.seconds
            entries[entries.count - 1] = last
            return
        }
        push(entry)
    }

    /// One line per region per drain ("faults ×256 in anon"), not one per 64 KiB bucket: a
    /// page-touching wave over a big region would otherwise flood the log. Faults inside what a
    /// folded repetition maps are counted on its line instead. `regions` is the live layout after
    /// the drain; `seconds` turns a timestamp into the log's time column.
    mutating func appendFaultBursts(_ runs: [FaultRun], regions: [Region], seconds: (UInt64) -> Double) {
        guard !runs.isEmpty else { return }
        var bursts: [(range: Range<UInt64>, count: UInt64, time: UInt64, tid: Int32, region: Region?)] = []
        for run in runs {
            if absorbIntoFold(run) { continue }
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

    // MARK: - Private

    /// A call's line; the kernel's searches for room, if it made any, briefly in the details (as
    /// trace words them): at the end, or first when the call failed, because then they say why
    /// (`no gap of 100 MiB: fragmentation`) and a narrow panel must not cut that off.
    private func line(for event: MemoryEvent, seconds: (UInt64) -> Double, description: EventDescription) -> EventLogEntry {
        var description = description
        if !event.gapSearches.isEmpty {
            let searches = EventDescriber.describeBriefly(event.gapSearches)
            if description.detail.isEmpty {
                description.detail = searches
            } else if case .failed = event.kind {
                description.detail = searches + "; " + description.detail
            } else {
                description.detail += "; " + searches
            }
        }
        // The caller in the program (`← grow_table (app)`, escaped), last: the call's own
        // details matter first on a narrow panel.
        if let caller = event.stack?.callerNote {
            description.detail += description.detail.isEmpty ? caller : " " + caller
        }
        var entry = EventLogEntry(timestamp: event.timestamp, seconds: seconds(event.timestamp), tid: event.tid,
                                  category: EventLogCategory(event.kind), description: description,
                                  gapSearches: event.gapSearches)
        entry.stack = event.stack
        entry.collision = event.collision
        return entry
    }

    /// Appends a call's line: folded into the previous one when it repeats it, or with the line
    /// before that when the two calls repeat as a pair.
    private mutating func append(_ entry: EventLogEntry, member: Member) {
        if let last = entries.last, let lastMember = lastMember, lastMember == member,
           last.description == entry.description {
            var folded = last
            folded.repeatCount += 1
            folded.timestamp = entry.timestamp
            folded.seconds = entry.seconds
            if !entry.gapSearches.isEmpty { folded.gapSearches = entry.gapSearches }
            if entry.stack != nil { folded.stack = entry.stack }
            entries[entries.count - 1] = folded
            fold = Fold(members: [member])
            return
        }
        // [A, B, A] + B: the last three lines and this one are the pair twice.
        if entries.count >= 3, members.count >= 3, let first = members[members.count - 3],
           members[members.count - 1] == first, members[members.count - 2] == member, first != member {
            let firstLine = entries[entries.count - 3], secondLine = entries[entries.count - 2]
            var pair = firstLine
            pair.description.label = firstLine.description.label + "+" + secondLine.description.label
            pair.repeatCount = 2
            pair.timestamp = entry.timestamp
            pair.seconds = entry.seconds
            // The latest search of the four calls the pair line now stands for.
            pair.gapSearches = [entry, entries[entries.count - 1], secondLine, firstLine]
                .first { !$0.gapSearches.isEmpty }?.gapSearches ?? []
            pair.stack = [entry, entries[entries.count - 1], secondLine, firstLine].first { $0.stack != nil }?.stack
            let pairMembers = [first, member]
            entries.removeLast(3)
            members.removeLast(3)
            push(pair, member: nil)
            fold = Fold(members: pairMembers)
            return
        }
        fold = nil
        push(entry, member: member)
    }

    /// The raw event behind each of the last lines (nil for lines that are not one call), to
    /// recognise a pair that repeats; as many as `entries`, at most a few kept.
    private var members: [Member?] = []
    private var lastMember: Member? { members.last ?? nil }

    private mutating func push(_ entry: EventLogEntry, member: Member? = nil) {
        var entry = entry
        // A pair line keeps its first line's serial: a selection on it stays on it.
        if entry.serial == 0 {
            entry.serial = nextSerial
            nextSerial += 1
        }
        entries.append(entry)
        members.append(member)
        if members.count > 4 { members.removeFirst(members.count - 4) }
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// Counts a fault run on the folded line when it falls inside what the repetition maps.
    private mutating func absorbIntoFold(_ run: FaultRun) -> Bool {
        guard let current = fold, var last = entries.last else { return false }
        let covered = current.members.contains { member in
            guard case let .mmap(address, length, _, _, _, _, _) = member.kind else { return false }
            return run.start < address &+ length && address < run.end
        }
        guard covered else { return false }
        last.absorbedFaults &+= run.count
        entries[entries.count - 1] = last
        return true
    }
}
