/// The replay's clock and the recording's event times together: turns a replay key into where
/// the clock goes. Stepping is by event (`eventTimes`), seeking by recording time; both pause
/// stepping and keep playing state for seeks. The run loop then brings the picture to
/// `clock.position` (forward: advance; back: rebuild from the start).
///
/// Several events often share one time (a batch of fault counts, a storm's calls within a clock
/// tick), so a step is counted in events, not found by time: after a step `eventCursor` says
/// exactly how many events are shown, and the run loop replays to that count.
public struct ReplayControl: Sendable {
    public private(set) var clock: ReplayClock
    /// Every event's time in the recording, in file order (non-decreasing).
    public let eventTimes: [UInt64]
    /// Set by a step: exactly this many events are shown (the clock is at the last one's time).
    /// Anything that moves the clock by time clears it.
    public private(set) var eventCursor: Int?

    public static let shortSeek: Int64 = 1_000_000_000
    public static let longSeek: Int64 = 10_000_000_000

    public init(startTime: UInt64, endTime: UInt64, eventTimes: [UInt64]) {
        clock = ReplayClock(startTime: startTime, endTime: endTime)
        self.eventTimes = eventTimes
    }

    /// Moves the clock while playing; returns the recording time to show.
    public mutating func tick(wall: UInt64) -> UInt64 {
        eventCursor = nil
        return clock.tick(wall: wall)
    }

    /// Applies `action`; returns the footer's message about it.
    @discardableResult
    public mutating func apply(_ action: ReplayAction, wall: UInt64) -> String {
        let shown = eventNumber
        if action != .faster, action != .slower { eventCursor = nil }
        switch action {
        case .togglePlaying:
            clock.togglePlaying(wall: wall)
            return clock.isPlaying ? "playing at " + ReplayClock.speedLabel(clock.speed) : "paused"
        case .faster, .slower:
            clock.changeSpeed(by: action == .faster ? 1 : -1, wall: wall)
            return "speed " + ReplayClock.speedLabel(clock.speed)
        case .stepForward:
            clock.pause(wall: wall)
            guard shown < eventTimes.count else { return "no later event" }
            step(to: shown + 1, wall: wall)
            return "event \(eventNumber) of \(eventTimes.count)"
        case .stepBack:
            clock.pause(wall: wall)
            guard shown > 1 else {
                clock.seek(to: clock.startTime, wall: wall)
                eventCursor = 0
                return "at the start"
            }
            step(to: shown - 1, wall: wall)
            return "event \(eventNumber) of \(eventTimes.count)"
        case .seekForward: clock.seek(by: Self.shortSeek, wall: wall)
        case .seekBack: clock.seek(by: -Self.shortSeek, wall: wall)
        case .seekForwardLong: clock.seek(by: Self.longSeek, wall: wall)
        case .seekBackLong: clock.seek(by: -Self.longSeek, wall: wall)
        case .seekStart:
            clock.seek(to: clock.startTime, wall: wall)
            return "at the start"
        case .seekEnd:
            clock.seek(to: clock.endTime, wall: wall)
            return "at the end"
        }
        return "at " + ReplayStrip.time(clock.position - clock.startTime)
    }

    /// Shows exactly the first `count` events.
    private mutating func step(to count: Int, wall: UInt64) {
        eventCursor = count
        clock.seek(to: max(eventTimes[count - 1], clock.startTime), wall: wall)
    }

    /// How many events are shown (the 1-based number of the last one shown): the step's count, or
    /// every event up to the clock's time.
    public var eventNumber: Int { eventCursor ?? ReplayClock.firstIndex(after: clock.position, in: eventTimes) }

    /// What the strip draws for the clock as it is now.
    public func strip(warning: String? = nil) -> ReplayStrip {
        ReplayStrip(startTime: clock.startTime, endTime: clock.endTime, position: clock.position,
                    isPlaying: clock.isPlaying, speed: clock.speed, eventTimes: eventTimes,
                    eventsShown: eventNumber, warning: warning)
    }
}
