import VMScopeCore

/// One call that mapped or grew memory (`mmap`, `brk+`, `mremap`) and the user stack behind
/// it: what the detail pane lists for the selected region.
public struct RegionStackRecord: Sendable, Hashable {
    public var label: String
    public var range: Range<UInt64>
    /// CLOCK_MONOTONIC ns of the call.
    public var timestamp: UInt64
    public var stack: UserStack

    public init(label: String, range: Range<UInt64>, timestamp: UInt64, stack: UserStack) {
        self.label = label
        self.range = range
        self.timestamp = timestamp
        self.stack = stack
    }
}
