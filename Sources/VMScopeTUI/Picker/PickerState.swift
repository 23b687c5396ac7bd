import VMScopeCore

/// Everything the process picker shows and remembers: the processes, the sort, the filter, the
/// selection and the scroll. Pure: keys and clicks come in through `handle`, the session reads
/// the `PickerOutcome`, and `PickerView` draws it.
///
/// The selection is a pid, not a row number, so it stays on the same process when the list is
/// re-read, re-sorted or filtered (as in htop). If that process disappears the row that took its
/// place is selected; if the filter hides it, the first match is.
public struct PickerState: Sendable {
    /// Two presses on the same row within this time are a double-click (ncurses reports each
    /// press separately: vmscope sets its click interval to 0 so selection is immediate).
    public static let doubleClickNanoseconds: UInt64 = 400_000_000
    /// Rows one wheel notch moves.
    public static let wheelStep = 3
    /// A filter is a name or a pid; anything longer is a key held down.
    static let maximumFilterLength = 200

    public private(set) var rows: [PickerRow]
    public private(set) var sortColumn: PickerColumn
    public private(set) var ascending: Bool
    /// The typed filter, as typed (matching ignores case).
    public private(set) var filter = ""
    /// The selected process; nil only when no row is visible.
    public private(set) var selectedPid: Int32?
    /// The first visible row as last scrolled; `PickerView`'s layout works out the scroll that
    /// keeps the selection in view (the session copies it back here), and `handle` keeps it in
    /// step with the moves it makes.
    public var scroll = 0
    public var showHelp = false
    /// A one-line note for the footer (why Enter was refused); the next key or click clears it.
    public var message: String?

    /// Where the selection was in `visibleRows`, to hand the selection to the row that takes
    /// its place when its process disappears.
    private var selectionIndex = 0
    private var lastClick: (pid: Int32, time: UInt64)?

    /// `selecting` is usually the process being watched, so the picker opens on it; without it
    /// (or when it is not listed) the first row is selected.
    public init(rows: [PickerRow] = [], selecting pid: Int32? = nil, sortColumn: PickerColumn = .pid,
                ascending: Bool? = nil) {
        self.rows = rows
        self.sortColumn = sortColumn
        self.ascending = ascending ?? sortColumn.startsAscending
        selectedPid = pid
        reconcileSelection(in: visibleRows, lostSelectionGoesToFirst: true)
    }

    // MARK: Derived

    /// The rows the filter keeps, in the chosen order. Kernel threads come after the processes
    /// in either direction: they cannot be watched, and listing them first (they have the low
    /// pids) would fill the first screen with rows nobody can pick. Ties go by pid.
    public var visibleRows: [PickerRow] {
        let needle = filter.lowercased()
        let kept = needle.isEmpty ? rows : rows.filter { $0.matches(lowercasedFilter: needle) }
        let column = sortColumn, ascending = ascending
        return kept.sorted { a, b in
            if a.listing.isKernelThread != b.listing.isKernelThread { return !a.listing.isKernelThread }
            let order = Self.compare(a, b, by: column)
            if order != 0 { return ascending ? order < 0 : order > 0 }
            return a.pid < b.pid
        }
    }

    public var selectedRow: PickerRow? {
        guard let selectedPid else { return nil }
        return rows.first { $0.pid == selectedPid }
    }

    public var watchedCount: Int { rows.reduce(0) { $0 + ($1.isWatched ? 1 : 0) } }

    // MARK: Changes from the session

    /// A fresh scan (and fresh watched flags and rates). The selection stays on its pid, or
    /// moves to the row now in its place if that process is gone.
    public mutating func update(rows: [PickerRow]) {
        self.rows = rows
        reconcileSelection(in: visibleRows, lostSelectionGoesToFirst: false)
    }

    /// Selects `pid` if it is visible; otherwise leaves the selection alone.
    public mutating func select(pid: Int32) {
        let visible = visibleRows
        guard let index = visible.firstIndex(where: { $0.pid == pid }) else { return }
        selectedPid = pid
        selectionIndex = index
    }

    public mutating func sort(by column: PickerColumn, ascending: Bool) {
        sortColumn = column
        self.ascending = ascending
        reconcileSelection(in: visibleRows, lostSelectionGoesToFirst: false)
    }

    public mutating func setFilter(_ text: String) {
        filter = String(text.prefix(Self.maximumFilterLength))
        scroll = 0
        reconcileSelection(in: visibleRows, lostSelectionGoesToFirst: true)
    }

    // MARK: Input

    /// Applies a key. `pageSize` is the number of list rows on screen (`PickerView.Layout.listRows`).
    public mutating func handle(_ key: Key, pageSize: Int) -> PickerOutcome {
        message = nil
        lastClick = nil
        let action = PickerKeyBindings.action(for: key)
        if action == .quit { return .quit }
        // The help closes on any key, which then does nothing else (as in htop).
        if showHelp {
            showHelp = false
            return .none
        }
        if case .character(let character) = key {
            setFilter(filter + String(character))
            return .none
        }
        switch action {
        case nil, .typeToFilter?, .quit?: return .none
        case .deleteFilterCharacter?: if !filter.isEmpty { setFilter(String(filter.dropLast())) }
        case .deleteFilterWord?: setFilter(Self.droppingLastWord(filter))
        case .clearFilter?: setFilter("")
        case .moveUp?: move(by: -1, scrollAlong: false, pageSize: pageSize)
        case .moveDown?: move(by: 1, scrollAlong: false, pageSize: pageSize)
        case .pageUp?: move(by: -max(1, pageSize), scrollAlong: true, pageSize: pageSize)
        case .pageDown?: move(by: max(1, pageSize), scrollAlong: true, pageSize: pageSize)
        case .first?: move(by: Int.min / 2, scrollAlong: false, pageSize: pageSize)
        case .last?: move(by: Int.max / 2, scrollAlong: false, pageSize: pageSize)
        case .previousSortColumn?, .nextSortColumn?:
            let all = PickerColumn.allCases
            let index = all.firstIndex(of: sortColumn)! + (action == .nextSortColumn ? 1 : all.count - 1)
            let column = all[index % all.count]
            sort(by: column, ascending: column.startsAscending)
        case .reverseSort?: sort(by: sortColumn, ascending: !ascending)
        case .watch?: return activateSelection()
        case .back?:
            if filter.isEmpty { return .close }
            setFilter("")
        case .toggleHelp?: showHelp = true
        case .redraw?: return .redraw
        }
        return .none
    }

    /// Applies a mouse press or wheel notch at a screen position of the picker drawn with `layout`.
    /// `time` is a monotonic clock in nanoseconds (`MonotonicClock.now()`), to tell a
    /// double-click (which watches) from two clicks.
    public mutating func handle(mouseAtX x: Int, y: Int, kind: MouseKind, layout: PickerView.Layout,
                                time: UInt64) -> PickerOutcome {
        message = nil
        if showHelp {
            if kind == .click { showHelp = false }
            return .none
        }
        scroll = layout.scroll
        switch kind {
        case .wheelUp, .wheelDown:
            lastClick = nil
            move(by: kind == .wheelUp ? -Self.wheelStep : Self.wheelStep, scrollAlong: true, pageSize: layout.listRows)
        case .click:
            if let column = layout.column(atX: x, y: y) {
                lastClick = nil
                sort(by: column, ascending: column == sortColumn ? !ascending : column.startsAscending)
            } else if let pid = layout.pid(atY: y) {
                if let last = lastClick, last.pid == pid, time >= last.time, time - last.time <= Self.doubleClickNanoseconds {
                    lastClick = nil
                    return activateSelection()
                }
                select(pid: pid)
                lastClick = (pid, time)
            } else {
                lastClick = nil
            }
        }
        return .none
    }

    // MARK: Helpers

    /// Enter on the selection: watch it, or say why not.
    private mutating func activateSelection() -> PickerOutcome {
        guard let row = selectedRow else {
            message = rows.isEmpty ? "no processes listed yet" : "no process matches the filter"
            return .none
        }
        if let reason = row.refusal {
            message = "cannot watch \(row.pid) (\(SafeText.escape(row.listing.command))): \(reason)"
            return .refused(pid: row.pid, reason: reason)
        }
        return .watch(pid: row.pid, startTimeTicks: row.listing.startTimeTicks)
    }

    /// Moves the selection `delta` rows (clamped); with `scrollAlong` the view scrolls by the
    /// same amount, so a page key keeps the selection at the same height on the screen.
    private mutating func move(by delta: Int, scrollAlong: Bool, pageSize: Int) {
        let visible = visibleRows
        guard !visible.isEmpty else { return }
        let current = selectedPid.flatMap { pid in visible.firstIndex { $0.pid == pid } } ?? 0
        let target = min(visible.count - 1, max(0, current + delta))
        selectedPid = visible[target].pid
        selectionIndex = target
        if scrollAlong { scroll = max(0, scroll + (target - current)) }
        scroll = RegionTableWidget.effectiveScroll(selected: target, scroll: scroll, count: visible.count,
                                                   rows: max(1, pageSize))
    }

    /// Keeps `selectedPid` on a visible row: unchanged if its row is visible; else the first
    /// row (after the filter changed) or the row now where it was (after its process left).
    private mutating func reconcileSelection(in visible: [PickerRow], lostSelectionGoesToFirst: Bool) {
        guard !visible.isEmpty else {
            selectedPid = nil
            selectionIndex = 0
            return
        }
        if let pid = selectedPid, let index = visible.firstIndex(where: { $0.pid == pid }) {
            selectionIndex = index
            return
        }
        let index = lostSelectionGoesToFirst ? 0 : min(selectionIndex, visible.count - 1)
        selectedPid = visible[index].pid
        selectionIndex = index
    }

    /// -1, 0 or 1: how `a` compares with `b` on `column`, ascending. Unknown counts and rates
    /// sort below zero.
    static func compare(_ a: PickerRow, _ b: PickerRow, by column: PickerColumn) -> Int {
        func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : x > y ? 1 : 0 }
        switch column {
        case .pid: return order(a.pid, b.pid)
        case .user: return order(a.userText, b.userText)
        case .vsz: return order(a.listing.virtualSize, b.listing.virtualSize)
        case .rss: return order(a.listing.residentSize, b.listing.residentSize)
        case .maps: return order(a.listing.mappingCount ?? -1, b.listing.mappingCount ?? -1)
        case .rate: return order(a.eventsPerSecond ?? (a.isWatched ? 0 : -1), b.eventsPerSecond ?? (b.isWatched ? 0 : -1))
        case .command: return order(a.commandSortKey, b.commandSortKey)
        }
    }

    /// `text` without its last word and the spaces after it (readline's Ctrl-W).
    static func droppingLastWord(_ text: String) -> String {
        var result = Substring(text)
        while result.last == " " { result.removeLast() }
        while let last = result.last, last != " " { result.removeLast() }
        return String(result)
    }
}
