import VMScopeCore

/// The processes the live view watches, in the order `[`/`]` cycle through, and which one is
/// shown. An entry is one process *lifetime*: when a pid is reused the new process gets a new
/// entry, so two processes' histories never mix. At most one entry per pid is live (takes
/// events); ended entries stay, showing their last picture, until the user removes them or
/// too many have ended.
///
/// Switching keeps the user's place in each view: the leaving entry's `ViewPosition` is saved
/// from the state and the arriving one's restored into it.
public final class WatchList<Entry: WatchListEntry> {
    public private(set) var processes: [Entry] = []
    public private(set) var currentIndex = 0

    public init() {}

    public var isEmpty: Bool { processes.isEmpty }
    public var current: Entry? { processes.indices.contains(currentIndex) ? processes[currentIndex] : nil }

    /// The entry that takes events for `pid`: the one not yet ended.
    public func live(_ pid: Int32) -> Entry? {
        processes.last { $0.view.pid == pid && !$0.view.hasEnded }
    }

    public var livePids: Set<Int32> { Set(processes.filter { !$0.view.hasEnded }.map(\.view.pid)) }

    /// Appends `process`; `show` makes it the current one (so does being the first).
    public func add(_ process: Entry, show: Bool) {
        processes.append(process)
        if show || processes.count == 1 { currentIndex = processes.count - 1 }
    }

    /// Shows the entry at `index` (wrapping), returning whether the shown process changed.
    @discardableResult
    public func show(_ index: Int) -> Bool {
        guard !processes.isEmpty else { return false }
        let wrapped = ((index % processes.count) + processes.count) % processes.count
        defer { currentIndex = wrapped }
        return wrapped != currentIndex
    }

    public func show(_ process: Entry) {
        if let index = processes.firstIndex(where: { $0 === process }) { currentIndex = index }
    }

    /// Removes the shown entry; the one after it (or before, at the end) is shown next.
    public func removeCurrent() -> Entry? {
        guard let removed = current else { return nil }
        processes.remove(at: currentIndex)
        if currentIndex >= processes.count { currentIndex = max(0, processes.count - 1) }
        return removed
    }

    /// Ended entries beyond `limit` go, oldest first (never the shown one): following the
    /// children of a build or a shell script would otherwise grow the list without end.
    public func pruneEnded(keeping limit: Int) {
        let ended = processes.filter { $0.view.hasEnded && $0 !== current }
        guard ended.count > limit else { return }
        let doomed = Set(ended.prefix(ended.count - limit).map { ObjectIdentifier($0) })
        let shown = current
        processes.removeAll { doomed.contains(ObjectIdentifier($0)) }
        currentIndex = shown.flatMap { kept in processes.firstIndex { $0 === kept } } ?? 0
    }

    // MARK: - Switching

    /// Shows the entry `step` places along the list (wrapping), as `[`/`]` do: the user's place
    /// in the view being left is kept and the arriving entry's restored. False, with a message
    /// saying why, when there is no other entry to show.
    public func step(by step: Int, state: inout LiveViewState) -> Bool {
        guard processes.count > 1 else {
            state.message = "only one process is watched: p picks more, -p takes several"
            return false
        }
        savePosition(of: state)
        show(currentIndex + step)
        restorePosition(into: &state)
        return true
    }

    /// Keeps the user's place in the shown entry's view (before another one is shown).
    public func savePosition(of state: LiveViewState) {
        current?.view.position = ViewPosition(of: state)
    }

    /// Puts the shown entry's place (its first visit: the top, compressed) into `state` and
    /// says which process this is.
    public func restorePosition(into state: inout LiveViewState) {
        guard let process = current?.view else { return }
        (process.position ?? .initial).restore(into: &state)
        state.message = "showing \(process.pid) " + SafeText.escape(process.name)
    }

    // MARK: - Drawing

    /// The strip the header draws, and which item is the shown one.
    public func fillStrip(_ state: inout LiveViewState, now: UInt64) {
        state.watchList = processes.map { $0.view.listItem(now: now) }
        state.currentWatchIndex = currentIndex
    }
}
