import VMScopeCore

/// What the diff panel draws, worked out from an `AddressSpaceDiff`: a row per change with its
/// figures already in words, the per-kind totals that differ, and the title saying since when.
/// Untrusted text (paths, symbols) is escaped here, so the widget only lays text out.
public struct DiffViewModel: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// `added`, `moved+grown`, ...
        public var change: String
        public var kinds: RegionChangeKinds
        public var address: UInt64
        public var regionKind: RegionKind
        public var sizeDelta: Int64
        public var rssDelta: Int64?
        /// Escaped; empty for anonymous memory.
        public var path: String
        /// The latest event that explains it and where it was called from, e.g.
        /// `mmap (+2) at grow_arena+0x23 (prog)` (two other events touched it); nil when none did.
        public var cause: String?
    }

    public struct Total: Sendable, Hashable {
        /// nil: all kinds together.
        public var kind: RegionKind?
        public var sizeDelta: Int64
        public var rssDelta: Int64?
    }

    /// `since mark at +12.3 s`.
    public var title: String
    public var rows: [Row]
    /// The kinds whose totals differ, then all together.
    public var totals: [Total]
    /// Why causes may be missing (records lost, events not kept, an exec); nil when none.
    public var note: String?

    /// - Parameter markSeconds: when the mark was set, in the seconds the event log counts.
    public init(diff: AddressSpaceDiff, markSeconds: Double) {
        title = "since mark at " + Self.seconds(markSeconds)
        rows = diff.changes.map(Self.row)
        totals = diff.changedTotals.map { Total(kind: $0.kind, sizeDelta: $0.sizeDelta, rssDelta: $0.rssDelta) }
        if !totals.isEmpty {
            totals.append(Total(kind: nil, sizeDelta: diff.overall.sizeDelta, rssDelta: diff.overall.rssDelta))
        }
        var notes: [String] = []
        if diff.execs > 0 { notes.append("exec since the mark") }
        if diff.lostRecords > 0 { notes.append("\(diff.lostRecords) records lost") }
        if diff.eventsNotKept > 0 { notes.append("\(diff.eventsNotKept) events not kept") }
        note = notes.isEmpty ? nil : notes.joined(separator: ", ") + ": some causes may be missing"
    }

    static func row(_ change: RegionChange) -> Row {
        Row(change: change.kinds.label, kinds: change.kinds, address: change.range.lowerBound,
            regionKind: change.regionKind, sizeDelta: change.sizeDelta, rssDelta: change.rssDelta,
            path: SafeText.escape(change.pathname), cause: cause(change))
    }

    static func cause(_ change: RegionChange) -> String? {
        guard let event = change.events.last(where: { explains(change.kinds, $0.kind) }) ?? change.events.last else {
            return change.faults > 0 ? "\(change.faults) faults" : nil
        }
        var text = EventDescriber.describe(event).label
        if change.eventCount > 1 { text += " (+\(change.eventCount - 1))" }
        if let stack = event.stack, let frame = StackFrameLabel.label(for: stack) { text += " at " + frame }
        return text
    }

    /// Whether a call of this kind can make such a change: the row names the latest that can
    /// (an added region's mmap, not the munmap of what was there before).
    static func explains(_ kinds: RegionChangeKinds, _ event: MemoryEventKind) -> Bool {
        switch event {
        case .mmap, .shmat, .aioSetup:
            return !kinds.isDisjoint(with: [.added, .grown, .merged, .split])
        case .munmap, .shmdt, .aioDestroy:
            return !kinds.isDisjoint(with: [.removed, .shrunk, .split])
        case .brk, .mremap:
            return !kinds.isDisjoint(with: [.added, .removed, .grown, .shrunk, .moved])
        case .mprotect, .pkeyMprotect:
            return !kinds.isDisjoint(with: [.protection, .split, .merged])
        case .madvise:
            return kinds.contains(.rss)
        default:
            return false
        }
    }

    /// `+12.3 s` (one decimal: the mark is set by hand).
    /// Milliseconds in the first 10 s (a short recording's moments are milliseconds apart, as
    /// the log's times are), tenths after.
    static func seconds(_ value: Double) -> String {
        let sign = value < 0 ? "-" : "+"
        if abs(value) < 9.9995 {
            let millis = Int64((abs(value) * 1000).rounded())
            let fraction = String(millis % 1000)
            return sign + "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction + " s"
        }
        let tenths = Int64((abs(value) * 10).rounded())
        return sign + "\(tenths / 10).\(tenths % 10) s"
    }
}
