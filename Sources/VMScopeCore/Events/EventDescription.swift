/// A `MemoryEvent` put into words for the event log and `trace`'s table: what happened, where,
/// how much, and the decoded details. Text from the process (file names) is already escaped.
public struct EventDescription: Sendable, Hashable {
    /// Short name of what happened: `mmap`, `munmap`, `brk+`, `brk-`, `mremap`, `mprotect`,
    /// `fault`, `faults`, `FAIL`, `fork`, `thread`, `exec`, `exit`, `lost`.
    public var label: String
    /// The address range the event covers, when it has one.
    public var range: Range<UInt64>?
    /// Bytes affected (or, for fault runs, the number of faults in `count`).
    public var bytes: UInt64?
    public var count: UInt64?
    /// Decoded protections, flags, file names, error names.
    public var detail: String

    public init(label: String, range: Range<UInt64>? = nil, bytes: UInt64? = nil, count: UInt64? = nil,
                detail: String = "") {
        self.label = label
        self.range = range
        self.bytes = bytes
        self.count = count
        self.detail = detail
    }
}
