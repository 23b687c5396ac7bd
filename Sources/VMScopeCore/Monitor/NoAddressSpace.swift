/// Why a process has no user address space at all: its maps is empty and always will be, so
/// waiting for a snapshot would wait forever.
public enum NoAddressSpace: Sendable, Hashable, CustomStringConvertible {
    /// A kernel thread (PF_KTHREAD): it runs in the kernel's space only.
    case kernelThread
    /// A zombie: it has exited and its memory is freed; only its parent's wait is missing.
    case zombie

    /// Reads the reason from a /proc/PID/stat line; nil for a process that should have an
    /// address space (one whose maps is momentarily empty, mid-exec, is not one of these).
    init?(_ stat: ProcStatLine) {
        if stat.flags & ProcessTableReader.kernelThreadFlag != 0 { self = .kernelThread }
        else if stat.state.letter == "Z" || stat.state.letter == "X" || stat.state.letter == "x" { self = .zombie }
        else { return nil }
    }

    /// What the process is, and that there is nothing to show: one phrase for every front end.
    public var description: String {
        switch self {
        case .kernelThread: "a kernel thread: it has no user address space"
        case .zombie: "a zombie (exited, not yet reaped by its parent): it has no address space left"
        }
    }

    /// `kernel-thread`, `zombie`: the JSON `end` record's `reason`.
    public var label: String {
        switch self {
        case .kernelThread: "kernel-thread"
        case .zombie: "zombie"
        }
    }
}
