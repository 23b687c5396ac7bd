/// One process as the picker lists it: what one cheap pass over /proc/PID/{stat,status,cmdline,
/// maps} tells about it. `ProcessTableReader` builds these; widgets must escape `command` and
/// `commandLine` (`SafeText`) before drawing them, because the process chooses both.
public struct ProcessListing: Sendable, Hashable {
    public var pid: Int32
    public var parentPid: Int32
    /// Effective user id (status `Uid:`, second field, as `ps` shows it); nil when unreadable.
    public var userId: UInt32?
    /// The user's name from /etc/passwd; nil when the uid has no entry there (show the number).
    public var userName: String?
    /// The kernel's short name (`comm`, at most 15 bytes). Untrusted, raw.
    public var command: String
    /// argv as the process presents it now; empty for kernel threads and zombies. Untrusted, raw.
    public var commandLine: [String]
    public var state: ProcessState
    /// Bytes (stat field 23, `ps`'s VSZ).
    public var virtualSize: UInt64
    /// Bytes (stat field 24 × page size, `ps`'s RSS).
    public var residentSize: UInt64
    /// Lines of /proc/PID/maps; nil when they were not counted or could not be read.
    public var mappingCount: Int?
    /// stat field 22: with the pid, identifies the process across pid reuse.
    public var startTimeTicks: UInt64
    /// PF_KTHREAD is set: no user address space, nothing to watch.
    public var isKernelThread: Bool
    /// Why vmscope cannot watch this process ("kernel thread", "permission denied", "exited",
    /// "zombie", ...); nil when it can.
    public var unreadableReason: String?

    public init(pid: Int32, parentPid: Int32 = 0, userId: UInt32? = nil, userName: String? = nil,
                command: String, commandLine: [String] = [], state: ProcessState = ProcessState(letter: "S"),
                virtualSize: UInt64 = 0, residentSize: UInt64 = 0, mappingCount: Int? = nil,
                startTimeTicks: UInt64 = 0, isKernelThread: Bool = false, unreadableReason: String? = nil) {
        self.pid = pid
        self.parentPid = parentPid
        self.userId = userId
        self.userName = userName
        self.command = command
        self.commandLine = commandLine
        self.state = state
        self.virtualSize = virtualSize
        self.residentSize = residentSize
        self.mappingCount = mappingCount
        self.startTimeTicks = startTimeTicks
        self.isKernelThread = isKernelThread
        self.unreadableReason = unreadableReason
    }

    /// The user as a column shows it: the name, else the number, else `?`.
    public var userLabel: String {
        userName ?? userId.map { String($0) } ?? "?"
    }

    /// Whether `name` names this process the way `pgrep -x` or a shell user would: its `comm`
    /// exactly, or the last path component of argv[0] exactly (comm is cut to 15 bytes, so a
    /// longer program name only matches through argv[0]). Kernel threads never match: they
    /// have no address space to watch.
    public func matches(name: String) -> Bool {
        guard !isKernelThread, !name.isEmpty else { return false }
        if command == name { return true }
        guard let first = commandLine.first else { return false }
        return first.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) == name
    }
}
