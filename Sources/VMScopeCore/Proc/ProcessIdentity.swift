/// Who a pid is right now, from the two cheapest reads /proc has (stat and the exe link): enough
/// to tell a reused pid (another start time) and to follow an exec (another name and
/// executable) without the cost of the full `ProcessFacts` (smaps_rollup walks page tables).
public struct ProcessIdentity: Sendable, Hashable {
    public var pid: Int32
    /// The short command name (comm), untrusted.
    public var command: String
    /// Clock ticks after boot (stat field 22): with the pid, the process's identity.
    public var startTimeTicks: UInt64
    /// nil when the link may not be read (another user's process) or the process has no image.
    public var executablePath: String?

    public init(pid: Int32, command: String, startTimeTicks: UInt64, executablePath: String? = nil) {
        self.pid = pid
        self.command = command
        self.startTimeTicks = startTimeTicks
        self.executablePath = executablePath
    }
}
