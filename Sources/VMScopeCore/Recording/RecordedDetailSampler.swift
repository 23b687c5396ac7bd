/// Decides when `trace --record` reads each live process's details (residency per region from
/// smaps, facts, limits) for the recording, so a later look can show RSS per region: every 2 s,
/// or more rarely where a read costs much, at most a quarter of a percent of a core (the live
/// view's budget for the same reads). What it reads stays out of the trace's output.
public final class RecordedDetailSampler {
    public static let period: UInt64 = 2_000_000_000
    public static let budget = 0.0025

    /// Reads a process's details now (leaving out what could not be read).
    public typealias Read = (MonitoredProcess) -> [RecordedDetail]

    private let read: Read
    private let clock: () -> UInt64
    private var due: [ObjectIdentifier: UInt64] = [:]

    public init(clock: @escaping () -> UInt64 = MonotonicClock.now, read: @escaping Read = RecordedDetailSampler.readProc) {
        self.read = read
        self.clock = clock
    }

    /// Reads the processes whose turn it is and appends what was read to `writer`.
    public func sample(_ processes: [MonitoredProcess], into writer: RecordingWriter) {
        for process in processes where process.isLive && process.readProblem == nil {
            let key = ObjectIdentifier(process)
            let start = clock()
            guard start >= due[key] ?? 0 else { continue }
            let details = read(process)
            let end = clock()
            for detail in details { writer.append(details: detail, of: process, at: end) }
            due[key] = ReadCadence.next(after: end, cost: end &- start, minimum: Self.period, budget: Self.budget)
        }
        due = due.filter { key, _ in processes.contains { ObjectIdentifier($0) == key && $0.isLive } }
    }

    /// When the next read is due (for the run loop's deadline); nil with nothing to read.
    public var nextDue: UInt64? { due.values.min() }

    /// The readers of /proc the live view uses: smaps, the facts (with smaps_rollup), limits.
    public static func readProc(_ process: MonitoredProcess) -> [RecordedDetail] {
        var details: [RecordedDetail] = []
        if let table = try? SmapsReader().read(pid: process.pid) { details.append(.residency(table)) }
        if let facts = try? ProcessFactsReader().read(pid: process.pid, regions: process.timeline.currentRegions),
           process.startTimeTicks.map({ $0 == facts.startTimeTicks }) ?? true {
            details.append(.facts(facts))
        }
        details.append(.limits(SpaceLimitsReader().read(pid: process.pid)))
        return details
    }
}
