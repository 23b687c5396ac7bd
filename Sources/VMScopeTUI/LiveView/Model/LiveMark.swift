import VMScopeCore

/// A moment of one process the user marked (`m`): its layout and residency then, and the events
/// since, for the diff view. The events are bounded — a fault storm after the mark must not
/// grow memory without end — and what is not kept is counted, so the diff can say causes may
/// be missing.
struct LiveMark {
    /// Events kept since the mark at most.
    static let eventLimit = 100_000

    /// CLOCK_MONOTONIC ns when it was set.
    let at: UInt64
    let regions: [Region]
    /// The last smaps figures when it was set; nil when none were read.
    let residency: ResidencyTable?
    private(set) var events: [MemoryEvent] = []
    private(set) var notKept = 0
    private let limit: Int

    init(at: UInt64, regions: [Region], residency: ResidencyTable?, limit: Int = LiveMark.eventLimit) {
        self.at = at
        self.regions = regions
        self.residency = residency
        self.limit = max(0, limit)
    }

    /// Takes events applied after the mark. Sampled faults are left out: the kernel's counts
    /// carry the same faults.
    mutating func note(_ newEvents: [MemoryEvent]) {
        for event in newEvents {
            if case .pageFault = event.kind { continue }
            if events.count < limit { events.append(event) } else { notKept += 1 }
        }
    }

    func diff(after regions: [Region], residency: ResidencyTable?, now: UInt64) -> AddressSpaceDiff {
        AddressSpaceDiff(before: self.regions, after: regions, residencyBefore: self.residency,
                         residencyAfter: residency, events: events, from: at, to: now, eventsNotKept: notKept)
    }
}
