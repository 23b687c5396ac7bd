import Glibc
import VMScopeCore
import VMScopeTUI

/// The engine's side of one watched process: its Timeline, its identity (pid and start time,
/// following exec), the /proc reads (snapshots, facts, residency) and whether it has ended. It
/// feeds what it learns to its `view` (a `ProcessViewModel`), which keeps the picture: log,
/// flashes, heat, animation, gap trend and the user's place.
final class WatchedProcess: WatchListEntry {
    let pid: Int32
    let timeline: Timeline
    let view: ProcessViewModel
    private let executable = ExecutableBox()

    private(set) var facts: ProcessFacts?
    /// Why /proc cannot be read for it (permissions), nil when it can.
    private(set) var readProblem: String? { didSet { view.setReadProblem(readProblem) } }
    private(set) var exitStatus: Int32? { didSet { view.setEnding(exitStatus: exitStatus, gone: gone) } }
    private(set) var gone = false { didSet { view.setEnding(exitStatus: exitStatus, gone: gone) } }
    /// The kernel's start time of the process (clock ticks since boot): with the pid, its identity.
    private(set) var startTicks: UInt64?

    /// Exited, killed, or gone (reused pid, vanished): it takes no more events.
    var hasEnded: Bool { exitStatus != nil || gone }

    var commandLine: String { view.commandLine }
    var name: String { view.name }

    /// Whether a process that started at `ticks` is this entry's process (an entry that has not
    /// read its start time yet takes the pid's word for it); another start time is a reused pid.
    func isLifetime(startingAt ticks: UInt64) -> Bool { startTicks == nil || startTicks == ticks }

    /// `keepsLabel`: for the demo, whose own label says more than `vmscope demo-workload` would.
    init(pid: Int32, commandLine: String, name: String? = nil, startTicks: UInt64? = nil, keepsLabel: Bool = false) {
        self.pid = pid
        self.startTicks = startTicks
        view = ProcessViewModel(pid: pid, commandLine: commandLine, name: name, keepsLabel: keepsLabel,
                                startedAt: MonotonicClock.now())
        let executable = self.executable
        timeline = Timeline(pid: pid, classify: { RegionClassifier.classify($0, executablePath: executable.path) })
    }

    /// Takes one drain's events for this process. Returns whether anything visible changed.
    @discardableResult
    func take(_ events: [MemoryEvent], now: UInt64) -> Bool {
        guard !events.isEmpty else { return false }
        for event in events {
            timeline.apply(event)
            if case .exit(let status) = event.kind { exitStatus = exitStatus ?? status }
        }
        return view.take(events, timeline: timeline, now: now)
    }

    /// Reads /proc for a fresh snapshot and reconciles. Returns false when the process is gone.
    ///
    /// `readingFacts`: also re-read the full facts (RSS from smaps_rollup, state, command line)
    /// the header shows; a process in the background only has its identity checked (reused
    /// pid, exec) from stat and the exe link.
    func refreshSnapshot(now: UInt64, readingFacts: Bool) -> Bool {
        guard !hasEnded else { return false }
        let snapshot: AddressSpaceSnapshot
        do {
            snapshot = try SnapshotReader().read(pid: pid)
            readProblem = nil
        } catch ProcReadError.permissionDenied(let pid, let path) {
            readProblem = ProcReadError.permissionDenied(pid: pid, path: path).description
            refreshFacts(regions: nil)
            return false
        } catch {
            if kill(pid, 0) != 0 && errno == ESRCH { gone = true }
            return false
        }
        guard !snapshot.regions.isEmpty else {
            // Kernel threads and zombies have no address space (and maps need not be read again).
            if kill(pid, 0) != 0 && errno == ESRCH { gone = true }
            refreshFacts(regions: snapshot.regions)
            return false
        }
        // In the background the identity the snapshot read (stat, exe link) is enough.
        let current = readingFacts || facts == nil ? refreshFacts(regions: snapshot.regions)
            : snapshot.identity.map(adopt) ?? true
        guard current else { return false }
        timeline.ingest(snapshot: snapshot)
        view.noteSnapshot(timeline: timeline, now: now)
        return true
    }

    /// Reads stat and friends; false (and the process marked gone) when the pid now belongs to
    /// another process, so a reused pid never feeds this entry's history.
    @discardableResult
    func refreshFacts(regions: [Region]? = nil) -> Bool {
        guard !hasEnded, let facts = try? ProcessFactsReader().read(pid: pid, regions: regions) else { return true }
        guard adopt(ProcessIdentity(pid: pid, command: facts.command, startTimeTicks: facts.startTimeTicks,
                                    executablePath: facts.executablePath)) else { return false }
        self.facts = facts
        view.setFacts(facts)
        return true
    }

    /// Takes what /proc says the pid is now; false (and the entry ended) when it is another
    /// process. A command vmscope started, or a followed child, is named by its parent until it
    /// has exec'd; from then on /proc knows better.
    private func adopt(_ identity: ProcessIdentity) -> Bool {
        guard isLifetime(startingAt: identity.startTimeTicks) else {
            gone = true
            return false
        }
        startTicks = identity.startTimeTicks
        view.noteIdentity(identity)
        executable.path = identity.executablePath
        return true
    }

    /// Re-reads per-region residency (smaps is costly for big processes: call it sparingly).
    func refreshResidency() {
        guard !hasEnded, readProblem == nil else { return }
        if let read = try? SmapsReader().read(pid: pid) { view.setResidency(read) }
    }

    /// The process ended without us seeing its exit record (polling, or records lost).
    func markGone(status: Int32?) {
        if let status { exitStatus = exitStatus ?? status } else { gone = true }
    }
}
