import VMScopeCore

/// Puts a kernel-read layout together from its per-VMA records and its end record, which can
/// arrive over several drains. A layout is complete only if every record arrived (indices
/// 0..<count without a gap) and the kernel's walk did not stop early; a layout whose end
/// record never comes (lost, or the process moved on) is handed out as incomplete when the
/// caller flushes it.
struct LayoutAssembler {
    /// `[vsyscall]` as it appears in every 64-bit process's maps here (from vmscope's own), or
    /// nil when this kernel has none. The kernel side only says whether a process has it.
    var gate: Region?

    private struct Partial {
        var moment: KernelLayout.Moment
        var timestamp: UInt64
        var regions: [Region]
        var nextIndex: UInt32
        var hasGap: Bool
    }

    private var partials: [Int32: Partial] = [:]

    init(gate: Region?) {
        self.gate = gate
    }

    /// Whether any layout is waiting for more records (a fast test for the drain loop).
    var isEmpty: Bool { partials.isEmpty }

    /// Adds one VMA. Returns the previous layout of the same process if this record belongs to
    /// another one (that layout's end was lost): it is incomplete.
    mutating func add(_ record: LayoutRegionRecord) -> MemoryEvent? {
        if var partial = partials[record.tgid], partial.timestamp == record.timestamp, partial.moment == record.moment {
            if record.index != partial.nextIndex { partial.hasGap = true }
            partial.regions.append(record.region)
            partial.nextIndex = record.index &+ 1
            partials[record.tgid] = partial
            return nil
        }
        let previous = flush(record.tgid)
        partials[record.tgid] = Partial(moment: record.moment, timestamp: record.timestamp, regions: [record.region],
                                        nextIndex: record.index &+ 1, hasGap: record.index != 0)
        return previous
    }

    /// Finishes the layout `end` closes: the `.layout` event, preceded by an older unfinished
    /// layout of the same process if there was one.
    mutating func end(_ end: LayoutEndRecord) -> [MemoryEvent] {
        var finished: [MemoryEvent] = []
        var partial = partials.removeValue(forKey: end.tgid)
        if let stale = partial, stale.timestamp != end.timestamp || stale.moment != end.moment {
            finished.append(Self.event(end.tgid, stale, complete: false, gate: nil))
            partial = nil
        }
        let current = partial ?? Partial(moment: end.moment, timestamp: end.timestamp, regions: [], nextIndex: 0,
                                         hasGap: false)
        let complete = !end.isIncomplete && !current.hasGap && current.nextIndex == end.count
            && current.regions.count == Int(end.count)
        finished.append(Self.event(end.tgid, current, complete: complete, gate: end.hasVsyscall ? gate : nil))
        return finished
    }

    /// The unfinished layout of `tgid`, as an incomplete `.layout` event, if there is one.
    mutating func flush(_ tgid: Int32) -> MemoryEvent? {
        partials.removeValue(forKey: tgid).map { Self.event(tgid, $0, complete: false, gate: nil) }
    }

    /// Forgets `tgid`'s unfinished layout (no longer watched).
    mutating func discard(_ tgid: Int32) {
        partials.removeValue(forKey: tgid)
    }

    private static func event(_ tgid: Int32, _ partial: Partial, complete: Bool, gate: Region?) -> MemoryEvent {
        var regions = partial.regions
        if let gate, regions.last.map({ $0.end <= gate.start }) ?? true { regions.append(gate) }
        return MemoryEvent(timestamp: partial.timestamp, tgid: tgid, tid: tgid,
                           kind: .layout(KernelLayout(moment: partial.moment, regions: regions, isComplete: complete)))
    }
}
