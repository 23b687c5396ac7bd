/// What the run loop itself must do after a key or click in the live view.
public enum LiveViewEffect: Sendable, Equatable {
    case none, quit, redraw, clearLog
    /// Show the watched process this many places along the list (±1).
    case showProcess(Int)
    case openPicker, toggleFollowChildren, unwatchProcess, cycleTheme
    /// Mark the shown process's layout now (its view model keeps it).
    case setMark
}
