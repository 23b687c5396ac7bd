/// Why a difference between prediction and snapshot is expected rather than a sign of a
/// missed or misread event.
public enum ReconcileExplanation: String, Sendable, Hashable, CaseIterable, Codable {
    /// The kernel grew `[stack]` on a fault below it; no system call announces that.
    case stackGrowth = "stack-growth"
    /// The process executed a new program; the kernel built its initial mappings (program,
    /// interpreter, stack, vdso) without system calls.
    case createdAtExec = "created-at-exec"
    /// Event records were lost since the previous snapshot, so the prediction is incomplete.
    case eventsLost = "events-lost"
}
