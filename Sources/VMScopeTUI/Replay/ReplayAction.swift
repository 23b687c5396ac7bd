/// What a key can ask of a replay's clock (the live view's own keys work as they do live).
public enum ReplayAction: String, Sendable, Hashable, CaseIterable {
    case togglePlaying
    case faster
    case slower
    /// Through the next event / back to just after the previous one (pauses).
    case stepForward
    case stepBack
    /// ±1 s and ±10 s of recording time.
    case seekForward
    case seekBack
    case seekForwardLong
    case seekBackLong
    case seekStart
    case seekEnd
}
