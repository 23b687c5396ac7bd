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
    /// The kernel's searches for room to place the call's mapping; for a folded line, those of
    /// the latest call that made any (what the bar shows when the line is selected).
    public var gapSearches: [GapSearch] = []
    /// Names the line while the log changes around it (older lines dropped, the newest folding
    /// more calls in): increasing from oldest to newest, given by the log; 0 until then.
    public var serial: Int = 0
    /// The user call stack behind the call (for a folded line, the latest call's that had one);
    /// nil without stacks. The detail pane lists it frame by frame.
    public var stack: UserStack?
    /// The heap and the mmap area meeting in this call, for the detail pane.
    public var collision: Collision?

    public init(timestamp: UInt64, seconds: Double, tid: Int32, category: EventLogCategory,
                description: EventDescription, repeatCount: Int = 1, gapSearches: [GapSearch] = []) {
        self.timestamp = timestamp
        self.seconds = seconds
        self.tid = tid
        self.category = category
        self.description = description
        self.repeatCount = repeatCount
        self.gapSearches = gapSearches
    }
}
