import VMScopeCore

/// Everything the live view draws, assembled by the run loop from the Timeline, the process
/// facts and the user's choices. Widgets read it and nothing else, so a test can build one by
/// hand and compare the rendered text.
public struct LiveViewState: Sendable {
    // MARK: Header
    public var pid: Int32 = 0
    public var commandLine: String = ""
    /// `S (sleeping)`; replaced by the exit status once the process has exited.
    public var state: String = ""
    public var uptimeSeconds: Double = 0
    public var virtualSize: UInt64 = 0
    public var residentSize: UInt64?
    public var eventsPerSecond: Double = 0
    /// `eBPF` or `polling`.
    public var source: String = "eBPF"
    /// Why the source is not eBPF, or what is missing (shown in the header as a warning).
    public var sourceNote: String?
    public var lostEvents: UInt64 = 0
    public var exitStatus: Int32?
    public var layoutStyle: MemoryLayoutStyle = .unknown
    /// Why this process's address space cannot be read (permissions), drawn where the bar would be.
    public var readProblem: String?
    /// What the view waits for before there is an address space to draw (the probe loading),
    /// drawn where the bar would be instead of the wait for the first snapshot.
    public var waitingFor: String?

    // MARK: Watch list
    /// Every watched process, in the order `[`/`]` cycle through; the header shows them as a
    /// strip when there is more than one (or children are followed).
    public var watchList: [WatchListItem] = []
    /// Index into `watchList` of the process this view shows.
    public var currentWatchIndex: Int = 0
    /// Whether children of watched processes join the watch list on their own (`--follow`, `F`).
    public var followChildren: Bool = false

    // MARK: Address space
    /// The live layout (sorted, classified).
    public var regions: [Region] = []
    /// The region kinds `regions` has, in `RegionKind` order, for the legend: worked out once
    /// per change of the layout rather than every frame (nil: the legend works them out).
    public var presentRegionKinds: [RegionKind]?
    /// Fault counts per region, parallel to `regions`.
    public var regionFaults: [UInt64] = []
    /// Resident bytes per region from the last smaps read, parallel to `regions` (nil: unknown).
    public var regionResident: [UInt64?] = []
    public var heapMmapGap: Range<UInt64>?
    /// The top of this process's user space: the linear scale's zoomed-out window.
    public var addressSpaceLimit: UInt64 = AddressSpaceLimit.fourLevel
    /// The landmarks of `regions` (heap, mmap area, gap, limit) for the convergence gauge; nil
    /// before the first snapshot.
    public var addressSpaceSummary: AddressSpaceSummary?
    /// Where the heap and the mmap area met recently (refused brks, mmaps placed below the
    /// heap), marked on the bar and the gauge.
    public var collisions: [CollisionMark] = []
    /// Change of the gap size in bytes per second over the last few seconds: negative when heap
    /// and mmap area are converging.
    public var gapBytesPerSecond: Double = 0
    public var scale: ScaleMode = .compressed

    /// The layout before the latest change and how far (0...1) the bar has moved from it to
    /// `regions`; nil when nothing is animating.
    public var animationFrom: [Region]?
    public var animationProgress: Double = 1

    /// The kernel's latest search for room while it is recent (`RecentGapSearch` decides): the
    /// bar shows its window when no log line is selected.
    public var recentGapSearch: GapSearch?

    /// Recently changed or faulted address ranges, with how fresh they are.
    public var flashes: [Flash] = []
    /// Recent page faults (addresses and counts) for the heat strip; `now` ages them.
    public var recentFaults: [TimelineRecentFault] = []
    public var now: UInt64 = 0
    /// How far back (ns) the heat strip looks.
    public var heatWindow: UInt64 = 2_000_000_000

    // MARK: Panels
    public var events: [EventLogEntry] = []
    /// Categories hidden by the event filter.
    public var hiddenCategories: Set<EventLogCategory> = []
    public var focus: Panel = .regions
    /// Index into `regions` of the selected row.
    public var selectedRegion: Int = 0
    /// First visible row of the region table.
    public var regionScroll: Int = 0
    /// Lines scrolled back from the newest event (0 = following the newest).
    public var eventScroll: Int = 0
    /// The `serial` of the log line under the cursor (`<` / `>`); nil: no line selected.
    public var selectedEvent: Int?
    public var showHelp: Bool = false
    /// The space summary panel covers the region table and the event log.
    public var showSpaceSummary: Bool = false
    /// Where the space runs out (filled while `showSpaceSummary`; nil before the first snapshot).
    public var spaceSummary: SpaceSummary?
    public var paused: Bool = false
    /// The diff since the mark covers the region table (`d`).
    public var showDiff: Bool = false
    /// The shown process has a mark (`m`), so there is something to diff against.
    public var hasMark: Bool = false
    /// What changed since the mark (filled while `showDiff`; nil without a mark).
    public var diff: DiffViewModel?
    /// First visible row of the diff panel.
    public var diffScroll: Int = 0
    /// The detail pane (`i`): the selected event, or the selected region and the calls that made
    /// it, in place of the panel without focus.
    public var showDetail: Bool = false
    /// The calls (with stacks) that created and grew the selected region, oldest first; filled
    /// while the detail pane shows a region.
    public var regionStacks: [RegionStackRecord] = []
    /// Seconds from this CLOCK_MONOTONIC time are the log's time column (the detail pane says
    /// when a region's calls were made in the same terms).
    public var logEpoch: UInt64 = 0
    /// Set while replaying a recording: the strip under the bar area, and the replay's keys in
    /// the footer and the help overlay.
    public var replay: ReplayStrip?
    /// A transient one-line message (e.g. "scale: logarithmic").
    public var message: String?

    public init() {}

    /// The panels that take keyboard focus (Tab moves between them).
    public enum Panel: String, Sendable, Hashable, CaseIterable {
        case regions, events
    }
}
