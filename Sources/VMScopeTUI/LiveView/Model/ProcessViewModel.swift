import VMScopeCore

/// One watched process's picture as the live view draws it: the event log, what flashes and
/// slides on the bar, the fault heat, the heap↔mmap gap's trend, the header's facts and how the
/// process ended, and the user's place in its view while another process is shown.
///
/// The run loop feeds it: events after they were applied to the process's `Timeline`, the
/// timeline after a snapshot was ingested, facts, residency and read problems after they were
/// read. It reads no /proc and knows no event source, so a test drives it with hand-made
/// events and a clock that is just a number. `fill(_:now:)` copies the picture into the state
/// the widgets draw.
public final class ProcessViewModel {
    public let pid: Int32
    public private(set) var commandLine: String
    /// The short command name (comm) the watch-list strip shows.
    public private(set) var name: String
    /// The user's place in this process's view, kept while another watched process is shown.
    public var position: ViewPosition?
    /// Uptime from the process's start time against this machine's clock (live); a replay turns
    /// it off: the recording's process started on another boot, so its uptime is counted from
    /// when watching began, on the recording's clock.
    public var uptimeFromProcessClock = true

    /// How long a change stays highlighted on the bar, fading.
    public static let flashDuration: UInt64 = 1_200_000_000
    /// How far back the heat strip looks.
    public static let heatWindow: UInt64 = 2_000_000_000
    /// How long a collision stays marked on the bar and the gauge.
    public static let collisionDuration: UInt64 = 20_000_000_000
    /// Flashes and heat entries kept at most (a fault storm must not grow them without end).
    static let flashLimit = 512
    /// Collision marks kept at most (a process retrying a refused brk in a loop).
    static let collisionLimit = 8
    static let heatLimit = 20_000

    /// Set for the demo: its own label says more than `vmscope demo-workload` would.
    private let keepsLabel: Bool
    /// CLOCK_MONOTONIC ns when watching began: the log's time column counts from here.
    private let startedAt: UInt64

    /// The timeline it was last fed (events, snapshots): rates, lost records and the layout.
    private var timeline: Timeline?
    /// The layout as of the last feeding: what a change animates from.
    private var layout: [Region] = []
    private var facts: ProcessFacts?
    private var residency = ResidencyTable()
    private var readProblem: String?
    public private(set) var exitStatus: Int32?
    private var gone = false
    /// The uptime when it ended, frozen there; nil while it runs.
    private var endedUptime: Double?

    private var log = EventLog()
    /// The calls (with stacks) that made and grew each part of the space, for the detail pane.
    private var regionStacks = RegionStackHistory()
    private var flashes: [(flash: Flash, born: UInt64)] = []
    /// Where the heap and the mmap area met recently, oldest first.
    private var collisions: [CollisionMark] = []
    /// Recent `.faultCounts` for the heat strip, oldest first.
    private(set) var heat: [TimelineRecentFault] = []
    private var gapTrend = GapTrend()
    /// The kernel's latest searches for room, for the bar when no log line is selected.
    private var recentSearch = RecentGapSearch()
    private var animation = BarAnimation()
    /// Dropped whenever what it derives from changes (events, snapshots, residency).
    private var cachedDerivations: LayoutDerivations? {
        didSet {
            if cachedDerivations == nil {
                cachedSpaceSummary = nil
                diffIsStale = true
            }
        }
    }
    /// The moment the user marked (`m`) and the events since; nil until marked.
    private var mark: LiveMark?
    /// Worked out only while the diff is shown, after a change of what it derives from, at most
    /// every `diffRefreshInterval`: a storm after the mark changes the layout every frame, and
    /// each diff goes over every event kept since the mark.
    private var cachedDiff: DiffViewModel?
    private var diffIsStale = true
    private var diffComputedAt: UInt64 = 0
    static let diffRefreshInterval: UInt64 = 250_000_000
    /// RLIMIT_AS, RLIMIT_DATA, vm.max_map_count: what the space summary measures headroom against.
    private var spaceLimits = SpaceLimits()
    /// Worked out only while the space summary is shown, once per change of what it derives from.
    private var cachedSpaceSummary: SpaceSummary?

    /// - Parameters:
    ///   - name: the short name for the strip; by default the command line's first word's basename.
    ///   - keepsLabel: keep `commandLine` and `name` even when /proc names the process otherwise.
    ///   - startedAt: CLOCK_MONOTONIC ns when watching began.
    public init(pid: Int32, commandLine: String, name: String? = nil, keepsLabel: Bool = false, startedAt: UInt64) {
        self.pid = pid
        self.commandLine = commandLine
        self.name = name ?? String(commandLine.split(separator: " ").first?.split(separator: "/").last ?? "?")
        self.keepsLabel = keepsLabel
        self.startedAt = startedAt
    }

    // MARK: - Feeding

    /// Takes one drain's events for this process, already applied to `timeline`. Returns
    /// whether anything visible changed.
    @discardableResult
    public func take(_ events: [MemoryEvent], timeline: Timeline, now: UInt64) -> Bool {
        guard !events.isEmpty else { return false }
        self.timeline = timeline
        cachedDerivations = nil
        mark?.note(events)
        for event in events {
            switch event.kind {
            case .faultCounts(let address, let size, let count):
                heat.append(TimelineRecentFault(address: address, count: count, timestamp: event.timestamp))
                flash(address..<(address &+ size), .faulted, now)
            case .pageFault:
                break  // the aggregated counts carry the same faults
            case .munmap(let address, let length):
                flash(Self.pages(address, length), .unmapped, now)
                addLog(event)
            case .mmap(let address, let length, _, _, _, _, _), .mprotect(let address, let length, _):
                flash(Self.pages(address, length), .mapped, now)
                addLog(event)
            case .madvise(let address, let length, let advice) where advice.releasesMemory:
                // RSS drops with no region changing: say where on the bar.
                flash(Self.pages(address, length), .released, now)
                addLog(event)
            case .failed(.brk, _, _, _) where event.collision != nil:
                break  // a brk refused because a mapping is in the way reads as the collision it is
            case .mremap(_, _, let address, let length, _):
                flash(Self.pages(address, length), .mapped, now)
                addLog(event)
            case .brk(let old, let new, _):
                flash(min(old, new)..<max(old, new), .mapped, now)
                addLog(event)
            default:
                addLog(event)
            }
            if let collision = event.collision { note(collision, of: event) }
            if event.stack != nil { regionStacks.note(event) }
            recentSearch.note(event.gapSearches, timestamp: event.timestamp)
        }
        trimHeat(now: now)
        let regions = timeline.currentRegions
        log.appendFaultBursts(FaultRun.coalesce(events), regions: regions, seconds: seconds)
        if regions != layout {
            animation.layoutChanged(from: layout, now: now)
            layout = regions
            gapTrend.record(derivations.summary.heapMmapGapSize, now: now)
        }
        return true
    }

    /// `timeline` has ingested a fresh snapshot: the picture follows it without animating.
    public func noteSnapshot(timeline: Timeline, now: UInt64) {
        // A snapshot that found the layout as it was (the usual case, and for a huge process the
        // same array again, which compares at once) changes nothing derived from it.
        let unchanged = self.timeline === timeline && cachedDerivations?.regions == timeline.currentRegions
        self.timeline = timeline
        if !unchanged { cachedDerivations = nil }
        layout = timeline.currentRegions
        gapTrend.record(derivations.summary.heapMmapGapSize, now: now)
    }

    /// What /proc says the pid is now: the strip shows its command name.
    public func noteIdentity(_ identity: ProcessIdentity) {
        if !keepsLabel { name = identity.command }
    }

    /// The header's facts (state, RSS, uptime, the command line); nil while none were read.
    public func setFacts(_ facts: ProcessFacts?) {
        // The address-space size is what the summary and the gauge measure against.
        if let facts, facts.addressSpaceLimit != self.facts?.addressSpaceLimit { cachedDerivations = nil }
        self.facts = facts
        if !keepsLabel, let facts, !facts.commandLine.isEmpty { commandLine = facts.commandLine.joined(separator: " ") }
    }

    /// Per-region residency from the latest smaps read.
    public func setResidency(_ residency: ResidencyTable) {
        self.residency = residency
        cachedDerivations = nil
    }

    /// The limits the space summary measures headroom against, read from /proc.
    public func setSpaceLimits(_ limits: SpaceLimits) {
        guard limits != spaceLimits else { return }
        spaceLimits = limits
        cachedSpaceSummary = nil
    }

    /// Why /proc cannot be read for it (permissions), nil when it can.
    public func setReadProblem(_ problem: String?) {
        readProblem = problem
    }

    /// How the process ended: its wait(2) status, or gone (vanished unseen, or its pid reused).
    /// Its uptime stops here: a dead process does not keep ageing in the header.
    public func setEnding(exitStatus: Int32?, gone: Bool, now: UInt64 = MonotonicClock.now()) {
        self.exitStatus = exitStatus
        self.gone = gone
        if endedUptime == nil { endedUptime = uptime(now: now) }
    }

    /// Seconds since it started (by its stat start time), else since watching began.
    private func uptime(now: UInt64) -> Double {
        guard uptimeFromProcessClock, let facts else { return seconds(now) }
        return ProcessClock.uptimeSeconds(startTicks: facts.startTimeTicks)
    }

    /// Marks this moment: the layout and residency as shown now, compared with by the diff view
    /// (`d`). A second mark replaces the first.
    public func setMark(now: UInt64) {
        mark = LiveMark(at: now, regions: derivations.regions, residency: residency.isEmpty ? nil : residency)
        cachedDiff = nil
    }

    public var hasMark: Bool { mark != nil }

    /// Empties the log; a selection on it has nothing left to point at.
    public func clearLog() { log.removeAll() }

    // MARK: - Reading

    /// How it ended, for the header and the watch-list strip; nil while it runs.
    public var ending: String? {
        if let exitStatus { return ExitStatus(exitStatus).description }
        return gone ? "gone" : nil
    }

    public var hasEnded: Bool { exitStatus != nil || gone }

    /// The event log, newest last.
    public var events: [EventLogEntry] { log.entries }

    /// Whether something on screen is still moving (the bar sliding, flashes fading).
    public func isAnimating(now: UInt64) -> Bool {
        animation.isRunning(now: now) || flashes.contains { now < $0.born + Self.flashDuration }
            || (cachedDiff != nil && diffIsStale) // the shown diff is due a refresh
    }

    /// Whether the heat strip has anything to fade.
    public var hasHeat: Bool { !heat.isEmpty }

    public func listItem(now: UInt64) -> WatchListItem {
        WatchListItem(pid: pid, name: name, ending: ending, eventsPerSecond: timeline?.eventsPerSecond(now: now) ?? 0)
    }

    /// Copies this process's picture into `state`; the user's choices (scale, selection,
    /// filters) and the session's (source, theme) stay as they are, but for a selection past
    /// the last region.
    public func fill(_ state: inout LiveViewState, now: UInt64) {
        expire(now: now)
        let derived = derivations
        let regions = derived.regions
        let summary = derived.summary
        state.pid = pid
        state.commandLine = commandLine
        state.exitStatus = exitStatus
        state.state = ending ?? facts.map { "\($0.state)" } ?? "?"
        state.readProblem = readProblem
        state.uptimeSeconds = endedUptime ?? uptime(now: now)
        // Without maps (no permission yet) stat still knows the size.
        state.virtualSize = regions.isEmpty ? facts?.virtualSize ?? 0 : summary.totalVirtualSize
        state.residentSize = facts?.residentSize
        state.eventsPerSecond = timeline?.eventsPerSecond(now: now) ?? 0
        state.lostEvents = timeline?.totalLost ?? 0
        state.layoutStyle = summary.layoutStyle
        state.regions = regions
        state.presentRegionKinds = derived.presentKinds
        state.regionFaults = derived.faults
        state.regionResident = derived.resident
        state.heapMmapGap = summary.heapMmapGap
        state.addressSpaceLimit = summary.limit
        state.addressSpaceSummary = summary
        state.collisions = collisions
        state.spaceSummary = state.showSpaceSummary && !regions.isEmpty ? spaceSummary(derived) : nil
        state.gapBytesPerSecond = gapTrend.bytesPerSecond
        let frame = animation.frame(now: now)
        state.animationFrom = frame?.from
        state.animationProgress = frame?.progress ?? 1
        state.flashes = flashes.map { entry in
            var flash = entry.flash
            flash.intensity = 1 - Double(now > entry.born ? now - entry.born : 0) / Double(Self.flashDuration)
            return flash
        }
        state.recentGapSearch = recentSearch.shown(now: now)
        state.recentFaults = heat
        state.now = now
        state.heatWindow = Self.heatWindow
        state.events = log.entries
        state.hasMark = mark != nil
        if state.showDiff {
            state.diff = diffModel(derived, now: now)
        } else {
            state.diff = nil
            cachedDiff = nil // hidden: nothing waits to be refreshed
        }
        if state.selectedRegion >= regions.count { state.selectedRegion = max(0, regions.count - 1) }
        state.logEpoch = startedAt
        fillRegionStacks(&state)
    }

    /// The calls that made and grew the selected region of `state.regions`, for the detail pane:
    /// also while paused (the picture frozen, the selection still moving over it).
    public func fillRegionStacks(_ state: inout LiveViewState) {
        let regions = state.regions
        state.regionStacks = state.showDetail && state.focus == .regions && regions.indices.contains(state.selectedRegion)
            ? regionStacks.records(overlapping: regions[state.selectedRegion].start..<regions[state.selectedRegion].end) : []
    }

    // MARK: - Private

    private var derivations: LayoutDerivations {
        if let cachedDerivations { return cachedDerivations }
        let fresh = LayoutDerivations(timeline: timeline, residency: residency, limit: facts?.addressSpaceLimit)
        cachedDerivations = fresh
        return fresh
    }

    private func diffModel(_ derived: LayoutDerivations, now: UInt64) -> DiffViewModel? {
        guard let mark else { return nil }
        if let cachedDiff, !diffIsStale || now &- diffComputedAt < Self.diffRefreshInterval { return cachedDiff }
        let diff = mark.diff(after: derived.regions, residency: residency.isEmpty ? nil : residency, now: now)
        let fresh = DiffViewModel(diff: diff, markSeconds: seconds(mark.at))
        cachedDiff = fresh
        diffIsStale = false
        diffComputedAt = now
        return fresh
    }

    private func spaceSummary(_ derived: LayoutDerivations) -> SpaceSummary {
        if let cachedSpaceSummary { return cachedSpaceSummary }
        let fresh = SpaceSummary(regions: derived.regions, residency: residency.isEmpty ? nil : residency,
                                 spaceLimit: derived.summary.limit, limits: spaceLimits)
        cachedSpaceSummary = fresh
        return fresh
    }

    private func seconds(_ timestamp: UInt64) -> Double {
        timestamp >= startedAt ? Double(timestamp - startedAt) / 1e9 : -Double(startedAt - timestamp) / 1e9
    }

    private func addLog(_ event: MemoryEvent) {
        log.append(event, seconds: seconds) { EventDescriber.describe(event) }
    }

    /// `[address, address + length)` rounded out to pages, as the event log shows it.
    private static func pages(_ address: UInt64, _ length: UInt64) -> Range<UInt64> {
        address..<(address &+ ((length &+ 4095) & ~4095))
    }

    /// A range lights up on the bar. The same range flashing again (a storm maps and unmaps one
    /// place over and over) renews its flash rather than adding one; the list is trimmed in
    /// batches, not on every event.
    private func flash(_ range: Range<UInt64>, _ kind: Flash.Kind, _ now: UInt64) {
        for index in flashes.indices.suffix(4).reversed()
        where flashes[index].flash.range == range && flashes[index].flash.kind == kind {
            flashes[index].born = now
            return
        }
        flashes.append((Flash(range: range, kind: kind, intensity: 1), now))
        if flashes.count > Self.flashLimit + Self.flashLimit / 4 { flashes.removeFirst(flashes.count - Self.flashLimit) }
    }

    /// Marks where the heap and the mmap area met and says why in the log.
    private func note(_ collision: Collision, of event: MemoryEvent) {
        collisions.append(CollisionMark(collision, timestamp: event.timestamp))
        if collisions.count > Self.collisionLimit { collisions.removeFirst(collisions.count - Self.collisionLimit) }
        log.append(EventLogEntry(timestamp: event.timestamp, seconds: seconds(event.timestamp), tid: event.tid,
                                 category: .collision,
                                 description: EventDescription(label: "collision", range: collision.range,
                                                               detail: collision.reason)))
    }

    private func expire(now: UInt64) {
        flashes.removeAll { now >= $0.born + Self.flashDuration }
        collisions.removeAll { now > $0.timestamp && now - $0.timestamp > Self.collisionDuration }
        heat.removeAll { isOutsideHeatWindow($0, now: now) }
    }

    /// A process in the background is never filled (which expires heat): a fault storm there
    /// would grow `heat` without end. The oldest entry tells when anything is due to go.
    private func trimHeat(now: UInt64) {
        if let oldest = heat.first, isOutsideHeatWindow(oldest, now: now) {
            heat.removeAll { isOutsideHeatWindow($0, now: now) }
        }
        if heat.count > Self.heatLimit { heat.removeFirst(heat.count - Self.heatLimit) }
    }

    private func isOutsideHeatWindow(_ fault: TimelineRecentFault, now: UInt64) -> Bool {
        now > fault.timestamp && now - fault.timestamp > Self.heatWindow
    }
}
