/// The replay's clock and the recording's event times together: turns a replay key into where
/// the clock goes. Stepping is by event (`eventTimes`), seeking by recording time; both pause
/// stepping and keep playing state for seeks. The run loop then brings the picture to
/// `clock.position` (forward: advance; back: rebuild from the start).
public struct ReplayControl: Sendable {
    public private(set) var clock: ReplayClock
    /// Every event's time in the recording, sorted.
    public let eventTimes: [UInt64]

    public static let shortSeek: Int64 = 1_000_000_000
    public static let longSeek: Int64 = 10_000_000_000

    public init(startTime: UInt64, endTime: UInt64, eventTimes: [UInt64]) {
        clock = ReplayClock(startTime: startTime, endTime: endTime)
        self.eventTimes = eventTimes
    }

    /// Moves the clock while playing; returns the recording time to show.
    public mutating func tick(wall: UInt64) -> UInt64 { clock.tick(wall: wall) }

    /// Applies `action`; returns the footer's message about it.
    @discardableResult
    public mutating func apply(_ action: ReplayAction, wall: UInt64) -> String {
        switch action {
        case .togglePlaying:
            clock.togglePlaying(wall: wall)
            return clock.isPlaying ? "playing at " + ReplayClock.speedLabel(clock.speed) : "paused"
        case .faster, .slower:
            clock.changeSpeed(by: action == .faster ? 1 : -1, wall: wall)
            return "speed " + ReplayClock.speedLabel(clock.speed)
        case .stepForward:
            clock.pause(wall: wall)
            guard let next = clock.nextEvent(in: eventTimes) else { return "no later event" }
            clock.seek(to: next, wall: wall)
            return "event \(eventNumber) of \(eventTimes.count)"
        case .stepBack:
            clock.pause(wall: wall)
            guard let previous = clock.previousEvent(in: eventTimes) else {
                clock.seek(to: clock.startTime, wall: wall)
                return "at the start"
            }
            clock.seek(to: previous, wall: wall)
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

    /// How many events the time shown includes (1-based number of the last one shown).
    public var eventNumber: Int { ReplayClock.firstIndex(after: clock.position, in: eventTimes) }

    /// What the strip draws for the clock as it is now.
    public func strip(warning: String? = nil) -> ReplayStrip {
        ReplayStrip(startTime: clock.startTime, endTime: clock.endTime, position: clock.position,
                    isPlaying: clock.isPlaying, speed: clock.speed, eventTimes: eventTimes,
                    eventsShown: eventNumber, warning: warning)
    }
}
