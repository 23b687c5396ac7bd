import VMScopeCore

/// One line of the event log: an event (or a coalesced fault burst) already put into words.
public struct EventLogEntry: Sendable, Hashable {
    /// CLOCK_MONOTONIC ns of the event.
    public var timestamp: UInt64
    /// Seconds since vmscope started watching, for the time column.
    public var seconds: Double
    public var tid: Int32
    public var category: EventLogCategory
    public var description: EventDescription
    /// How many identical consecutive events this line stands for (fault bursts, repeated calls,
    /// or repetitions of a pair of calls: `mmap+munmap`).
    public var repeatCount: Int
    /// Faults taken inside what a repeated call maps, counted on its line.
    public var absorbedFaults: UInt64 = 0

    public init(timestamp: UInt64, seconds: Double, tid: Int32, category: EventLogCategory,
                description: EventDescription, repeatCount: Int = 1) {
        self.timestamp = timestamp
        self.seconds = seconds
        self.tid = tid
        self.category = category
        self.description = description
        self.repeatCount = repeatCount
    }
}
