/// What the header shows about one process, read from /proc/PID/{stat,status,smaps_rollup,
/// cmdline,exe,maps}. Fields the kernel hides from an unprivileged reader are nil.
public struct ProcessFacts: Sendable, Hashable {
    public var pid: Int32
    /// The kernel's short name (`comm`, at most 15 bytes, settable by the process). Untrusted.
    public var command: String
    /// argv as the process currently presents it (it may rewrite it). Untrusted.
    public var commandLine: [String]
    /// Target of /proc/PID/exe; nil when not permitted or for kernel threads.
    public var executablePath: String?
    public var state: ProcessState
    public var parentPid: Int32
    public var threadCount: Int
    /// stat field 22: clock ticks after boot when the process started. Together with the pid it
    /// identifies a process across pid reuse.
    public var startTimeTicks: UInt64
    /// Virtual size in bytes (stat field 23, what `ps` calls VSZ).
    public var virtualSize: UInt64
    /// Resident bytes: smaps_rollup `Rss:`, else status `VmRSS:`.
    public var residentSize: UInt64?
    public var residentAnonymous: UInt64?
    public var residentFile: UInt64?
    public var residentShared: UInt64?
    /// Where the heap began (stat field 47); nil when the kernel hides it (it shows 0 to readers
    /// without ptrace access) or the process has no brk area.
    public var startBrk: UInt64?
    /// The current break as far as /proc shows it: the end of `[heap]` (page-rounded), or
    /// `startBrk` when there is no heap region yet.
    public var currentBreak: UInt64?
    /// Real user id (status `Uid:`).
    public var userId: UInt32?
    /// The exclusive top of the process's user address space, in bytes: 4 GiB for a 32-bit
    /// program, 128 TiB (or 64 PiB with a mapping above 128 TiB) for a 64-bit one. What the bar,
    /// its scales and the summaries measure against; see `AddressSpaceLimit` for how it is known.
    public var addressSpaceLimit: UInt64

    public init(pid: Int32, command: String, commandLine: [String] = [], executablePath: String? = nil,
                state: ProcessState, parentPid: Int32, threadCount: Int, startTimeTicks: UInt64,
                virtualSize: UInt64, residentSize: UInt64? = nil, residentAnonymous: UInt64? = nil,
                residentFile: UInt64? = nil, residentShared: UInt64? = nil, startBrk: UInt64? = nil,
                currentBreak: UInt64? = nil, userId: UInt32? = nil,
                addressSpaceLimit: UInt64 = AddressSpaceLimit.fourLevel) {
        self.pid = pid
        self.command = command
        self.commandLine = commandLine
        self.executablePath = executablePath
        self.state = state
        self.parentPid = parentPid
        self.threadCount = threadCount
        self.startTimeTicks = startTimeTicks
        self.virtualSize = virtualSize
        self.residentSize = residentSize
        self.residentAnonymous = residentAnonymous
        self.residentFile = residentFile
        self.residentShared = residentShared
        self.startBrk = startBrk
        self.currentBreak = currentBreak
        self.userId = userId
        self.addressSpaceLimit = addressSpaceLimit
    }
}
