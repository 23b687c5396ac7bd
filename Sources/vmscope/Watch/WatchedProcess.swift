import Glibc
import VMScopeCore
import VMScopeTUI

/// Everything vmscope keeps about one watched process: its Timeline, its event log, what is
/// flashing and animating, the convergence history and the latest /proc facts. The run loop
/// feeds it events and snapshots; `fill(_:)` turns it into what the view draws.
final class WatchedProcess {
    let pid: Int32
    private(set) var commandLine: String
    /// The short command name (comm) the watch-list strip shows.
    private(set) var name: String
    /// Why /proc cannot be read for it (permissions), nil when it can.
    private(set) var readProblem: String?
    /// The user's place in this process's view (selection, scroll, scale), kept while another
    /// watched process is shown.
    var viewPosition: ViewPosition?
    let timeline: Timeline
    private let executable = ExecutableBox()
    private let started = MonotonicClock.now()

    private(set) var facts: ProcessFacts?
    private(set) var residency: [UInt64: RegionResidency] = [:] { didSet { cachedDerivations = nil } }
    private(set) var exitStatus: Int32?
    private(set) var gone = false
    /// The kernel's start time of the process (clock ticks since boot): with the pid, its identity.
    private(set) var startTicks: UInt64?

    /// Exited, killed, or gone (reused pid, vanished): it takes no more events.
    var hasEnded: Bool { exitStatus != nil || gone }

    /// Whether a process that started at `ticks` is this entry's process (an entry that has not
    /// read its start time yet takes the pid's word for it); another start time is a reused pid.
    func isLifetime(startingAt ticks: UInt64) -> Bool { startTicks == nil || startTicks == ticks }

    /// Newest last; bounded so a long session keeps constant memory.
    private(set) var log: [EventLogEntry] = []
    private let logLimit = 10_000
    private var flashes: [(flash: Flash, born: UInt64)] = []
    private var heat: [TimelineRecentFault] = []
    /// (time, heap↔mmap gap size) samples for the closing/opening rate.
    private var gapHistory: [(time: UInt64, size: UInt64)] = []
    /// Dropped whenever the model changes (events, snapshots, residency).
    private var cachedDerivations: LayoutDerivations?
    private var derivations: LayoutDerivations {
        if let cachedDerivations { return cachedDerivations }
        let fresh = LayoutDerivations(timeline: timeline, residency: residency)
        cachedDerivations = fresh
        return fresh
    }

    /// The layout the bar is animating from, and when that animation began.
    private var animationFrom: [Region]?
    private var animationStart: UInt64 = 0

    static let flashDuration: UInt64 = 1_200_000_000
    static let animationDuration: UInt64 = 240_000_000
    static let gapRateWindow: UInt64 = 3_000_000_000
    static let heatWindow: UInt64 = 2_000_000_000

    /// Set for the demo: its own label says more than `vmscope demo-workload` would.
    private let keepsLabel: Bool

    init(pid: Int32, commandLine: String, name: String? = nil, startTicks: UInt64? = nil, keepsLabel: Bool = false) {
        self.pid = pid
        self.commandLine = commandLine
        self.keepsLabel = keepsLabel
        self.name = name ?? String(commandLine.split(separator: " ").first?.split(separator: "/").last ?? "?")
        self.startTicks = startTicks
        let executable = self.executable
        timeline = Timeline(pid: pid, classify: { RegionClassifier.classify($0, executablePath: executable.path) })
    }

    /// Whether something on screen is still moving (animation, flashes, heat decaying).
    func isAnimating(now: UInt64) -> Bool {
        (animationFrom != nil && now < animationStart + Self.animationDuration)
            || flashes.contains { now < $0.born + Self.flashDuration }
    }

    var hasHeat: Bool { !heat.isEmpty }

    /// Takes one drain's events for this process. Returns whether anything visible changed.
    @discardableResult
    func take(_ events: [MemoryEvent], now: UInt64) -> Bool {
        guard !events.isEmpty else { return false }
        cachedDerivations = nil
        let before = timeline.currentRegions
        var layoutChanged = false
        for event in events {
            if timeline.apply(event) { layoutChanged = true }
            switch event.kind {
            case .faultCounts(let address, let size, let count):
                heat.append(TimelineRecentFault(address: address, count: count, timestamp: event.timestamp))
                flash(address..<(address &+ size), .faulted, now)
            case .pageFault:
                break  // the aggregated counts carry the same faults
            case .exit(let status):
                exitStatus = exitStatus ?? status
                addLog(event, EventDescriber.describe(event))
            case .munmap:
                let description = EventDescriber.describe(event)
                if let range = description.range { flash(range, .unmapped, now) }
                addLog(event, description)
            case .mmap, .mremap, .mprotect, .brk:
                let description = EventDescriber.describe(event)
                if let range = description.range { flash(range, .mapped, now) }
                addLog(event, description)
            default:
                addLog(event, EventDescriber.describe(event))
            }
        }
        logFaultBursts(FaultRun.coalesce(events))
        if layoutChanged {
            // Keep animating from where the eye is if a change lands mid-animation.
            if animationFrom == nil || now >= animationStart + Self.animationDuration { animationFrom = before }
            animationStart = now
            recordGap(now: now)
        }
        return true
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
        cachedDerivations = nil
        recordGap(now: now)
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
        if !keepsLabel, !facts.commandLine.isEmpty { commandLine = facts.commandLine.joined(separator: " ") }
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
        if !keepsLabel { name = identity.command }
        executable.path = identity.executablePath
        return true
    }

    /// Re-reads per-region residency (smaps is costly for big processes: call it sparingly).
    func refreshResidency() {
        guard !hasEnded, readProblem == nil else { return }
        if let read = try? SmapsReader().read(pid: pid) { residency = read }
    }

    func clearLog() { log.removeAll() }

    /// The process ended without us seeing its exit record (polling, or records lost).
    func markGone(status: Int32?) {
        if let status { exitStatus = exitStatus ?? status } else { gone = true }
    }

    /// Copies this process's picture into `state` (leaves the user's choices alone).
    func fill(_ state: inout LiveViewState, source: EventSource, sourceNote: String?, now: UInt64) {
        expire(now: now)
        let derived = derivations
        let regions = derived.regions
        let summary = derived.summary
        state.pid = pid
        state.commandLine = commandLine
        state.exitStatus = exitStatus
        state.state = ending ?? facts.map { "\($0.state)" } ?? "?"
        state.readProblem = readProblem
        state.uptimeSeconds = facts.map { ProcessClock.uptimeSeconds(startTicks: $0.startTimeTicks) } ?? seconds(now)
        // Without maps (no permission yet) stat still knows the size.
        state.virtualSize = regions.isEmpty ? facts?.virtualSize ?? 0 : summary.totalVirtualSize
        state.residentSize = facts?.residentSize
        state.eventsPerSecond = timeline.eventsPerSecond(now: now)
        state.source = source.name
        state.sourceNote = sourceNote
        state.lostEvents = timeline.totalLost
        state.layoutStyle = summary.layoutStyle
        state.regions = regions
        state.regionFaults = derived.faults
        state.regionResident = derived.resident
        state.heapMmapGap = summary.heapMmapGap
        state.gapBytesPerSecond = gapRate()
        if let from = animationFrom, now < animationStart + Self.animationDuration {
            state.animationFrom = from
            state.animationProgress = Double(now - animationStart) / Double(Self.animationDuration)
        } else {
            animationFrom = nil
            state.animationFrom = nil
            state.animationProgress = 1
        }
        state.flashes = flashes.map { entry in
            var flash = entry.flash
            flash.intensity = 1 - Double(now - entry.born) / Double(Self.flashDuration)
            return flash
        }
        state.recentFaults = heat
        state.now = now
        state.heatWindow = Self.heatWindow
        state.events = log
        if state.selectedRegion >= regions.count { state.selectedRegion = max(0, regions.count - 1) }
    }

    /// How it ended, for the header and the watch-list strip; nil while it runs.
    var ending: String? {
        if let exitStatus { return ExitStatus(exitStatus).description }
        return gone ? "gone" : nil
    }

    func listItem(now: UInt64) -> WatchListItem {
        WatchListItem(pid: pid, name: name, ending: ending, eventsPerSecond: timeline.eventsPerSecond(now: now))
    }

    // MARK: - Private

    private func seconds(_ timestamp: UInt64) -> Double {
        timestamp >= started ? Double(timestamp - started) / 1e9 : -Double(started - timestamp) / 1e9
    }

    private func addLog(_ event: MemoryEvent, _ description: EventDescription) {
        appendLog(EventLogEntry(timestamp: event.timestamp, seconds: seconds(event.timestamp), tid: event.tid,
                                category: EventLogCategory(event.kind), description: description))
    }

    /// Appends, folding an entry identical to the previous one (same call, same place) into it.
    private func appendLog(_ entry: EventLogEntry) {
        if var last = log.last, last.category == entry.category, last.description == entry.description,
           last.tid == entry.tid {
            last.repeatCount += 1
            last.timestamp = entry.timestamp
            last.seconds = entry.seconds
            log[log.count - 1] = last
            return
        }
        log.append(entry)
        if log.count > logLimit { log.removeFirst(log.count - logLimit) }
    }

    /// One log line per region per drain ("faults ×256 in anon"), not one per 64 KiB bucket:
    /// a page-touching wave over a big region would otherwise flood the log.
    private func logFaultBursts(_ runs: [FaultRun]) {
        guard !runs.isEmpty else { return }
        let regions = timeline.currentRegions
        var bursts: [(range: Range<UInt64>, count: UInt64, time: UInt64, tid: Int32, region: Region?)] = []
        for run in runs {
            let region = SortedRegions.index(containing: run.start, in: regions).map { regions[$0] }
            if let region, let last = bursts.last, last.region == region {
                bursts[bursts.count - 1].count += run.count
                bursts[bursts.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, run.end)
                bursts[bursts.count - 1].time = max(last.time, run.timestamp)
            } else {
                bursts.append((run.start..<run.end, run.count, run.timestamp, run.tgid, region))
            }
        }
        for burst in bursts {
            var description = EventDescription(label: "faults", range: burst.range, count: burst.count)
            if let region = burst.region { description.detail = EventDescriber.location(region) }
            appendLog(EventLogEntry(timestamp: burst.time, seconds: seconds(burst.time), tid: burst.tid,
                                    category: .fault, description: description))
        }
    }

    private func flash(_ range: Range<UInt64>, _ kind: Flash.Kind, _ now: UInt64) {
        flashes.append((Flash(range: range, kind: kind, intensity: 1), now))
        if flashes.count > 512 { flashes.removeFirst(flashes.count - 512) }
    }

    private func expire(now: UInt64) {
        flashes.removeAll { now >= $0.born + Self.flashDuration }
        heat.removeAll { now > $0.timestamp && now - $0.timestamp > Self.heatWindow }
        if heat.count > 20_000 { heat.removeFirst(heat.count - 20_000) }
    }

    private func recordGap(now: UInt64) {
        let size = derivations.summary.heapMmapGapSize
        gapHistory.append((now, size))
        // A process that joins mid-loop had its first snapshot stamped after the loop's `now`.
        gapHistory.removeAll { now > $0.time && now - $0.time > Self.gapRateWindow }
    }

    /// Bytes per second the gap changed over the window: negative while heap and mmap converge.
    private func gapRate() -> Double {
        guard let first = gapHistory.first, let last = gapHistory.last, last.time > first.time else { return 0 }
        return (Double(last.size) - Double(first.size)) / (Double(last.time - first.time) / 1e9)
    }
}
