/// Everything a key (or a click) can ask the live view to do. The input layer turns keys into
/// actions through `KeyBindings`; the run loop applies them to `LiveViewState`.
public enum Action: String, Sendable, Hashable, CaseIterable {
    case quit
    case toggleHelp
    /// Stop redrawing the model's changes (events are still recorded).
    case togglePause
    /// compressed → logarithmic → linear → compressed.
    case cycleScale
    /// Linear window: half / double the addresses shown (switches to linear if needed).
    case zoomIn
    case zoomOut
    /// Linear window: move by a quarter of its width.
    case panLeft
    case panRight
    /// Move the selection (region table) or scroll (event log) in the focused panel.
    case moveUp
    case moveDown
    case pageUp
    case pageDown
    case home
    case end
    /// Tab / Shift-Tab between the region table and the event log.
    case nextPanel
    case previousPanel
    /// Centre the linear window on the selected region (switches to linear).
    case jumpToSelection
    /// Cycle which event kinds the log hides: all shown → only memory calls → only faults → ...
    case cycleEventFilter
    case clearEventLog
    /// Move the event log's cursor to the next older / newer line (the first press selects the
    /// newest line on screen; newer than the newest ends the selection). The selected line's
    /// gap search is drawn under the bar.
    case selectOlderEvent
    case selectNewerEvent
    /// Escape: close the help overlay, else end the event selection.
    case dismiss
    /// Ctrl-L: repaint the whole terminal.
    case redraw
    /// Open the process picker (Enter there adds a process to the watch list and shows it).
    case openPicker
    /// `]` / `[`: show the next / previous process on the watch list.
    case nextProcess
    case previousProcess
    /// Children of watched processes join the watch list on their own, or stop joining.
    case toggleFollowChildren
    /// Take the shown process off the watch list (its probe filter entry too).
    case unwatchProcess
    /// Show or hide the space summary (where the address space runs out) in place of the
    /// region table and the event log.
    case toggleSpaceSummary
    /// Switch to the next colour theme (built-in and the user's, in name order).
    case cycleTheme
    /// Remember the shown process's layout now (`m` again moves the mark): the diff view
    /// compares with it.
    case setMark
    /// Show or hide what changed since the mark in place of the region table.
    case toggleDiff
    /// Show or hide the detail pane: the selected event (or region) in full, with its stack.
    case toggleDetail
}
