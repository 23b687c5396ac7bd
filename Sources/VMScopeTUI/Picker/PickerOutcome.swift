/// What the session should do after the picker handled a key or a click.
public enum PickerOutcome: Sendable, Hashable {
    /// Nothing beyond redrawing the picker.
    case none
    /// Esc with an empty filter: leave the picker (back to the live view, or quit if nothing
    /// is watched yet).
    case close
    /// Ctrl-C: quit vmscope.
    case quit
    /// Ctrl-L: repaint the whole terminal.
    case redraw
    /// Enter or a double-click on a process that can be watched. The start time tells a reused
    /// pid from the process the user picked.
    case watch(pid: Int32, startTimeTicks: UInt64)
    /// Enter on a process that cannot be watched; `PickerState.message` already says why.
    case refused(pid: Int32, reason: String)
}
