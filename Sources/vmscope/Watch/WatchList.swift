import VMScopeTUI

/// The processes the live view watches, in the order `[`/`]` cycle through, and which one is
/// shown. An entry is one process *lifetime*: when a pid is reused the new process gets a new
/// entry, so two processes' histories never mix. At most one entry per pid is live (takes
/// events); ended entries stay, showing their last picture, until the user removes them.
final class WatchList {
    private(set) var processes: [WatchedProcess] = []
    private(set) var currentIndex = 0

    var isEmpty: Bool { processes.isEmpty }
    var current: WatchedProcess? { processes.indices.contains(currentIndex) ? processes[currentIndex] : nil }

    /// The entry that takes events for `pid`: the one not yet ended.
    func live(_ pid: Int32) -> WatchedProcess? {
        processes.last { $0.pid == pid && !$0.hasEnded }
    }

    var livePids: Set<Int32> { Set(processes.filter { !$0.hasEnded }.map(\.pid)) }

    /// Appends `process`; `show` makes it the current one.
    func add(_ process: WatchedProcess, show: Bool) {
        processes.append(process)
        if show || processes.count == 1 { currentIndex = processes.count - 1 }
    }

    /// Shows the entry at `index` (wrapping), returning whether the shown process changed.
    @discardableResult
    func show(_ index: Int) -> Bool {
        guard !processes.isEmpty else { return false }
        let wrapped = ((index % processes.count) + processes.count) % processes.count
        defer { currentIndex = wrapped }
        return wrapped != currentIndex
    }

    func show(_ process: WatchedProcess) {
        if let index = processes.firstIndex(where: { $0 === process }) { currentIndex = index }
    }

    /// Removes the shown entry; the one after it (or before, at the end) is shown next.
    func removeCurrent() -> WatchedProcess? {
        guard let removed = current else { return nil }
        processes.remove(at: currentIndex)
        if currentIndex >= processes.count { currentIndex = max(0, processes.count - 1) }
        return removed
    }

    /// Ended entries beyond `limit` go, oldest first (never the shown one): following the
    /// children of a build or a shell script would otherwise grow the list without end.
    func pruneEnded(keeping limit: Int) {
        let ended = processes.filter { $0.hasEnded && $0 !== current }
        guard ended.count > limit else { return }
        let doomed = Set(ended.prefix(ended.count - limit).map { ObjectIdentifier($0) })
        let shown = current
        processes.removeAll { doomed.contains(ObjectIdentifier($0)) }
        currentIndex = shown.flatMap { kept in processes.firstIndex { $0 === kept } } ?? 0
    }

    /// The strip the header draws.
    func items(now: UInt64) -> [WatchListItem] {
        processes.map { $0.listItem(now: now) }
    }
}
