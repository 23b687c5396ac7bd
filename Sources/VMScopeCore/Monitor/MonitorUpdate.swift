/// What one `ProcessMonitor.tick()` saw happen, in the order it happened. Front ends (trace's
/// writers, the live view's models) consume these and keep no policy of their own.
public enum MonitorUpdate {
    /// A process lifetime is watched from now on (`process.joinReason` says why).
    case joined(MonitoredProcess)
    /// Events of one process, oldest first, already applied to its timeline.
    case events(MonitoredProcess, [MemoryEvent])
    /// A snapshot was reconciled with the process's timeline.
    case snapshot(MonitoredProcess, ReconciledSnapshot)
    /// The kernel dropped records (ring buffer full); every timeline has heard it.
    case lost(MemoryEvent)
    /// The process ended or is no longer watched (`process.ending` says how).
    case ended(MonitoredProcess)
}

/// A snapshot and what its reconciliation found.
public struct ReconciledSnapshot: Sendable {
    public var snapshot: AddressSpaceSnapshot
    public var report: ReconcileReport
    /// The layout differs from the previous snapshot of this process.
    public var regionsChanged: Bool

    public init(snapshot: AddressSpaceSnapshot, report: ReconcileReport, regionsChanged: Bool) {
        self.snapshot = snapshot
        self.report = report
        self.regionsChanged = regionsChanged
    }
}
