import VMScopeCore
import VMScopeTUI

/// One entry of the live view's watch list: a process lifetime the engine monitors, and its
/// picture. The header's facts and the table's residency are read here, for the shown process
/// only (the engine reads what every process needs: its snapshots and identity).
final class WatchedProcess: WatchListEntry {
    let process: MonitoredProcess
    let view: ProcessViewModel
    /// Snapshots seen while shown, to read residency on every few of them.
    var shownSnapshots = 0

    var pid: Int32 { process.pid }

    /// `keepsLabel`: for the demo, whose own label says more than `vmscope demo-workload` would.
    init(_ process: MonitoredProcess, commandLine: String, name: String?, keepsLabel: Bool = false) {
        self.process = process
        view = ProcessViewModel(pid: process.pid, commandLine: commandLine, name: name, keepsLabel: keepsLabel,
                                startedAt: MonotonicClock.now())
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
            case .exited(let status): view.setEnding(exitStatus: status, gone: false)
            case .gone, .pidReused: view.setEnding(exitStatus: nil, gone: true)
            case .stopped, nil: break
            }
            return true
        case .joined:
            view.setReadProblem(process.readProblem?.description)
            return false
        }
    }

    /// Reads stat, status, cmdline and smaps_rollup for the header (a process in the background
    /// does without: the engine keeps its identity current).
    func refreshFacts() {
        guard process.isLive, let facts = try? ProcessFactsReader().read(pid: pid, regions: process.timeline.currentRegions),
              process.startTimeTicks.map({ $0 == facts.startTimeTicks }) ?? true
        else { return }
        view.setFacts(facts)
        view.setReadProblem(process.readProblem?.description)
    }

    /// Re-reads per-region residency (smaps walks every page table: call it sparingly).
    func refreshResidency() {
        guard process.isLive, process.readProblem == nil else { return }
        if let read = try? SmapsReader().read(pid: pid) { view.setResidency(read) }
    }
}
