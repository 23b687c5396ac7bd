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
    /// The process changed this range while /proc was being read, and the snapshot already
    /// shows a change whose record is stamped after the read began (the record is sent just
    /// after the change, and maps is read a page at a time while the process runs).
    case changedDuringRead = "changed-during-read"
}
