/// What the mouse did, as far as ncurses reports it (terminals differ; many report nothing).
public enum MouseKind: Sendable, Hashable {
    /// The primary button went down (a press is acted on at once: waiting for the release to
    /// make a "click" would add ncurses' click interval to every selection).
    case click
    case wheelUp
    case wheelDown
}
