/// One process on the watch list, as the header's strip shows it.
public struct WatchListItem: Sendable, Hashable {
    public var pid: Int32
    /// The short command name (comm), untrusted: escaped when drawn.
    public var name: String
    /// How it ended (`exited 0`, `killed by SIGKILL`, `gone`), nil while it runs.
    public var ending: String?
    public var eventsPerSecond: Double

    public init(pid: Int32, name: String, ending: String? = nil, eventsPerSecond: Double = 0) {
        self.pid = pid
        self.name = name
        self.ending = ending
        self.eventsPerSecond = eventsPerSecond
    }
}
