/// Why a /proc file could not be read or understood. Each case describes itself in one line that
/// names the pid or file and says what to do.
public enum ProcReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The process does not exist (never did, or exited while being read).
    case noSuchProcess(pid: Int32)
    /// The kernel refused access (ptrace access checks guard maps, exe, smaps_rollup).
    case permissionDenied(pid: Int32, path: String)
    /// Any other read failure, with the errno.
    case unreadable(path: String, errno: Int32)
    /// The file was read but its content is not in the expected format.
    case malformed(path: String, detail: String)

    public var description: String {
        switch self {
        case .noSuchProcess(let pid):
            return "no process \(pid): check the pid with `ps`"
        case .permissionDenied(_, let path):
            return "cannot read \(SafeText.escape(path)): permission denied; run as root or as the process's owner, or grant vmscope CAP_SYS_PTRACE (see README)"
        case .unreadable(let path, let errno):
            return "cannot read \(SafeText.escape(path)): \(ProcFileReader.errorText(errno))"
        case .malformed(let path, let detail):
            return "cannot understand \(SafeText.escape(path)): \(detail)"
        }
    }
}
