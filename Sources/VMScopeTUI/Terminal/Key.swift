/// A key the user pressed, decoded from ncurses' key codes and characters. Widgets and
/// `KeyBindings` match on these, never on raw curses numbers.
public enum Key: Sendable, Hashable {
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab
    /// Shift-Tab (curses' KEY_BTAB).
    case backTab
    case enter
    case escape
    case backspace
    case delete
    case insert
    /// F1 ... F63.
    case function(Int)
    /// A printable character, wide ones included.
    case character(Character)
    /// Ctrl plus a letter, lowercase (`.control("l")` is Ctrl-L). Ctrl-I, Ctrl-M/J and Ctrl-H
    /// arrive as `.tab`, `.enter` and `.backspace` because terminals cannot tell them apart.
    case control(Character)
    /// A key curses reported that nothing here names (kept so a binding table can log it).
    case unknown(Int32)
}
