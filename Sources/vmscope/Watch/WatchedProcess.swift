import VMScopeCore
import VMScopeTUI

/// One entry of the live view's watch list: a process lifetime the engine monitors, and its
/// picture. The header's facts and the table's residency are asked for here, for the shown
/// process only (the engine reads what every process needs: its snapshots and identity).
final class WatchedProcess: WatchListEntry {
    let process: MonitoredProcess
    let view: ProcessViewModel
    var pid: Int32 { process.pid }

    /// `keepsLabel`: for the demo, whose own label says more than `vmscope demo-workload` would.
    /// `startedAt`: when watching began, on the clock updates are stamped with (a replay passes
    /// the recording's start).
    init(_ process: MonitoredProcess, commandLine: String, name: String?, keepsLabel: Bool = false,
         startedAt: UInt64 = MonotonicClock.now()) {
        self.process = process
        view = ProcessViewModel(pid: process.pid, commandLine: commandLine, name: name, keepsLabel: keepsLabel,
                                startedAt: startedAt)
    }

    /// Hands one monitor update about this process to its picture. Returns whether anything
    /// visible changed.
    @discardableResult
    func take(_ update: MonitorUpdate, now: UInt64) -> Bool {
        switch update {
        case .events(_, let events):
            return view.take(events, timeline: process.timeline, now: now)
        case .lost(let event):
            return view.take([event], timeline: process.timeline, now: now)
        case .snapshot:
            view.noteSnapshot(timeline: process.timeline, now: now)
            if let identity = process.identity { view.noteIdentity(identity) }
            view.setReadProblem(process.readProblem?.description)
            return true
        case .ended:
            switch process.ending {
            case .exited(let status): view.setEnding(exitStatus: status, gone: false, now: now)
            case .gone, .pidReused: view.setEnding(exitStatus: nil, gone: true, now: now)
            case .noAddressSpace(let why):
                // Where the bar would be, instead of waiting for a snapshot that never comes.
                view.setReadProblem("pid \(process.pid) is \(why)")
            case .stopped, nil: break
            }
            return true
        case .joined:
            view.setReadProblem(process.readProblem?.description)
            return false
        }
    }

    /// When the table's residency (smaps) is next read: every 2 s, or more rarely where a read
    /// costs much (177 ms of kernel time alone for 60 000 mappings), at most 0.25 % of a core.
    var nextResidencyRead: UInt64 = 0
    static let residencyPeriod: UInt64 = 2_000_000_000
    static let residencyBudget = 0.0025

    /// Asks for the header's facts (stat, status, cmdline, smaps_rollup): for the shown process
    /// only, off the loop's thread (smaps_rollup walks every mapping). A process in the background
    /// does without: the engine keeps its identity current.
    func requestFacts(from reads: DetailReads?) {
        guard process.isLive else { return }
        let pid = self.pid, regions = process.timeline.currentRegions
        read(.facts(pid), with: reads) { .facts(try? ProcessFactsReader().read(pid: pid, regions: regions)) }
        read(.limits(pid), with: reads) { .limits(SpaceLimitsReader().read(pid: pid)) }
    }

    /// Asks for per-region residency (smaps), off the loop's thread. Not asked again until this
    /// read is in and its cost has set the next time.
    func requestResidency(from reads: DetailReads?) {
        guard process.isLive, process.readProblem == nil else { return }
        let pid = self.pid
        nextResidencyRead = .max
        read(.residency(pid), with: reads) {
            let start = MonotonicClock.now()
            let table = try? SmapsReader().read(pid: pid)
            return .residency(table, cost: MonotonicClock.now() &- start)
        }
    }

    /// In the background, or (no background reader: vmscope is out of descriptors) right now.
    private func read(_ key: DetailKey, with reads: DetailReads?, _ work: @escaping @Sendable () -> DetailValue) {
        if let reads { reads.request(key, work) } else { take(work(), now: MonotonicClock.now()) }
    }

    /// Takes a finished read, unless the pid has meanwhile come to name another process.
    func take(_ detail: DetailValue, now: UInt64) {
        guard process.isLive else { return }
        switch detail {
        case .facts(let facts?):
            guard process.startTimeTicks.map({ $0 == facts.startTimeTicks }) ?? true else { return }
            view.setFacts(facts)
            view.setReadProblem(process.readProblem?.description)
        case .residency(let table, let cost):
            if let table { view.setResidency(table) }
            nextResidencyRead = ReadCadence.next(after: now, cost: cost, minimum: Self.residencyPeriod,
                                                 budget: Self.residencyBudget)
        case .limits(let limits):
            view.setSpaceLimits(limits)
        case .facts(nil):
            break
        }
    }
}

/// The header's facts and the table's residency of a watched process, read in the background.
typealias DetailReads = BackgroundReader<DetailKey, DetailValue>

enum DetailKey: Hashable, Sendable {
    case facts(Int32)
    case residency(Int32)
    case limits(Int32)

    var pid: Int32 {
        switch self { case .facts(let pid), .residency(let pid), .limits(let pid): pid }
    }
}

enum DetailValue: Sendable {
    case facts(ProcessFacts?)
    /// The table (nil when smaps could not be read) and what reading it cost.
    case residency(ResidencyTable?, cost: UInt64)
    /// RLIMIT_AS, RLIMIT_DATA, vm.max_map_count for the space summary.
    case limits(SpaceLimits)

    /// What a recording keeps of it (nothing of a read that failed).
    var recorded: RecordedDetail? {
        switch self {
        case .facts(let facts): facts.map(RecordedDetail.facts)
        case .residency(let table, _): table.map(RecordedDetail.residency)
        case .limits(let limits): .limits(limits)
        }
    }
}
