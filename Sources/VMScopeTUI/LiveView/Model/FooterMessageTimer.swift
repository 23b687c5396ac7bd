/// How long the footer's one-line message stays: a fixed time from when it was first drawn
/// (not from when it was set, so a message set during a slow frame is still read in full).
/// A new message starts its time again.
public struct FooterMessageTimer: Sendable {
    /// Ordinary messages ("scale: logarithmic").
    public static let standardDuration: UInt64 = 2_000_000_000
    /// Warnings (a broken theme file) stay long enough to be read.
    public static let warningDuration: UInt64 = 10_000_000_000

    /// When the message appeared on screen (nil: not drawn yet) and how long it stays.
    private var shownAt: UInt64?
    private var duration = FooterMessageTimer.standardDuration

    public init() {}

    /// Puts up `message` for `duration` (from when it is drawn).
    public mutating func show(_ message: String, for duration: UInt64, in state: inout LiveViewState) {
        state.message = message
        shownAt = nil
        self.duration = duration
    }

    /// After input was handled: a message the input put up (other than the one showing) gets
    /// its full time from the next frame.
    public mutating func inputHandled(messageBefore: String?, state: LiveViewState) {
        if state.message != messageBefore { shownAt = nil }
    }

    /// Clears a message whose time is up. Returns whether it did (the screen needs a frame).
    public mutating func expire(now: UInt64, state: inout LiveViewState) -> Bool {
        guard let shownAt, now >= shownAt + duration else { return false }
        state.message = nil
        self.shownAt = nil
        duration = Self.standardDuration
        return true
    }

    /// A frame with `state` is drawn at `now`: a message not shown before starts its time.
    public mutating func drawing(_ state: LiveViewState, now: UInt64) {
        if state.message != nil, shownAt == nil { shownAt = now }
    }
}
