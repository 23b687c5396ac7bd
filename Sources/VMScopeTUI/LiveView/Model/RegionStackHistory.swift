import VMScopeCore

/// Which calls made and grew each part of a process's address space, with their user stacks:
/// for the detail pane's "who created this region". Kept per start of the range a call mapped
/// or grew (an mmap's mapping, a brk's growth, an mremap's new range), the last few per start,
/// for a bounded number of starts: a process mapping without end keeps constant memory, and the
/// starts touched longest ago go first.
struct RegionStackHistory {
    typealias Record = RegionStackRecord

    static let perStart = 8
    static let startLimit = 4096

    private var records: [UInt64: (touched: UInt64, records: [Record])] = [:]
    private var touches: UInt64 = 0

    var count: Int { records.count }

    /// Notes `event` if it mapped or grew memory and carries a stack.
    mutating func note(_ event: MemoryEvent) {
        guard let stack = event.stack else { return }
        let label: String, range: Range<UInt64>
        switch event.kind {
        case .mmap(let address, let length, _, _, _, _, _):
            label = "mmap"; range = address..<Self.pageEnd(address, length)
        case .brk(let old, let new, _) where new > old:
            label = "brk+"; range = old..<new
        case .mremap(_, _, let address, let length, _):
            label = "mremap"; range = address..<Self.pageEnd(address, length)
        default:
            return
        }
        touches += 1
        var entry = records[range.lowerBound] ?? (0, [])
        entry.touched = touches
        entry.records.append(Record(label: label, range: range, timestamp: event.timestamp, stack: stack))
        if entry.records.count > Self.perStart { entry.records.removeFirst(entry.records.count - Self.perStart) }
        records[range.lowerBound] = entry
        if records.count > Self.startLimit + Self.startLimit / 8 { evictOldest() }
    }

    /// The calls whose ranges overlap `range`, oldest first, the latest `limit` of them.
    func records(overlapping range: Range<UInt64>, limit: Int = perStart) -> [Record] {
        var found: [Record] = []
        for (_, entry) in records {
            for record in entry.records where record.range.overlaps(range) { found.append(record) }
        }
        found.sort { $0.timestamp < $1.timestamp }
        return Array(found.suffix(limit))
    }

    mutating func removeAll() { records.removeAll() }

    /// The end of `length` bytes from `address`, rounded up to a page as the kernel maps them.
    private static func pageEnd(_ address: UInt64, _ length: UInt64) -> UInt64 {
        address &+ ((max(1, length) &+ 4095) & ~4095)
    }

    /// Down to `startLimit` starts, dropping those touched longest ago: done in batches, so the
    /// sort is paid once per an eighth of the limit's notes.
    private mutating func evictOldest() {
        let doomed = records.sorted { $0.value.touched < $1.value.touched }.prefix(records.count - Self.startLimit)
        for (start, _) in doomed { records[start] = nil }
    }
}
