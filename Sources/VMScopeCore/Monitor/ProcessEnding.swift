/// How a watched process lifetime ended, or why it is no longer watched.
public enum ProcessEnding: Sendable, Hashable, CustomStringConvertible {
    /// It exited; a wait(2) status.
    case exited(status: Int32)
    /// It vanished without vmscope seeing how (its exit record was lost, or polling).
    case gone
    /// Its pid now names another process (seen by a different start time).
    case pidReused
    /// vmscope stopped watching it while it ran (the user asked, or vmscope is finishing).
    case stopped
    /// It never had an address space to watch: a kernel thread, or a zombie when attached.
    case noAddressSpace(NoAddressSpace)

    public var description: String {
        switch self {
        case .exited(let status): ExitStatus(status).description
        case .gone, .pidReused: "gone"
        case .stopped: "not watched"
        case .noAddressSpace(let why): why.description
        }
    }
}
