import VMScopeCore

/// Where a replay is in its recording and how it moves: playing or paused, at which speed, and
/// the recording time shown. While playing, the time shown is the time at the last anchor (play,
/// seek, speed change) plus the wall-clock time since, times the speed; it stops, paused, at the
/// end. Pure: the run loop passes the wall clock in, so a test drives it with plain numbers.
public struct ReplayClock: Sendable, Hashable {
    /// The speeds `{` / `}` step through.
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]
    static let normalSpeedIndex = 2

    public let startTime: UInt64
    public let endTime: UInt64
    /// The recording time shown (start...end).
    public private(set) var position: UInt64
    public private(set) var isPlaying = false
    public private(set) var speedIndex = ReplayClock.normalSpeedIndex
    /// Wall-clock ns at which `position` was last set; the playing time is measured from here.
    private var anchorWall: UInt64 = 0

    public init(startTime: UInt64, endTime: UInt64) {
        self.startTime = startTime
        self.endTime = max(startTime, endTime)
        position = startTime
    }

    public var speed: Double { Self.speeds[speedIndex] }
    public var isAtEnd: Bool { position >= endTime }
    public var isAtStart: Bool { position <= startTime }

    /// Moves the time shown to `wall` while playing (pausing at the end) and returns it.
    @discardableResult
    public mutating func tick(wall: UInt64) -> UInt64 {
        guard isPlaying else { return position }
        let elapsed = wall > anchorWall ? Double(wall - anchorWall) : 0
        let advanced = elapsed * speed
        let room = Double(endTime - position)
        if advanced >= room {
            position = endTime
            isPlaying = false
        } else {
            position += UInt64(advanced)
        }
        anchorWall = wall
        return position
    }

    /// Playing from the end starts again from the start, as a player's play button does.
    public mutating func play(wall: UInt64) {
        if isAtEnd { position = startTime }
        isPlaying = true
        anchorWall = wall
    }

    public mutating func pause(wall: UInt64) {
        tick(wall: wall)
        isPlaying = false
    }

    public mutating func togglePlaying(wall: UInt64) {
        if isPlaying { pause(wall: wall) } else { play(wall: wall) }
    }

    /// One step along `speeds` (+1 faster, -1 slower), kept within them. The time so far is
    /// counted at the old speed.
    public mutating func changeSpeed(by step: Int, wall: UInt64) {
        tick(wall: wall)
        speedIndex = max(0, min(Self.speeds.count - 1, speedIndex + step))
        anchorWall = wall
    }

    /// Shows `time`, clamped to the recording; playing goes on from there.
    public mutating func seek(to time: UInt64, wall: UInt64) {
        position = max(startTime, min(endTime, time))
        anchorWall = wall
        if isAtEnd { isPlaying = false }
    }

    /// Seeks `delta` ns forward (positive) or back (negative), clamped.
    public mutating func seek(by delta: Int64, wall: UInt64) {
        tick(wall: wall)
        let target = delta >= 0 ? position.addingReportingOverflow(UInt64(delta)).partialValue
            : position - min(position, delta.magnitude)
        seek(to: delta >= 0 && target < position ? endTime : target, wall: wall)
    }

    /// First index whose time is > `time` (`times` sorted).
    static func firstIndex(after time: UInt64, in times: [UInt64]) -> Int {
        times.partitionPoint { $0 > time }
    }

    /// First index whose time is >= `time`.
    static func firstIndex(notBefore time: UInt64, in times: [UInt64]) -> Int {
        times.partitionPoint { $0 >= time }
    }

    /// `▶ 4×` while playing, `❚❚ 4×` paused: the state and speed as the strip shows them.
    public var badge: String {
        (isPlaying ? "▶ " : "❚❚ ") + Self.speedLabel(speed)
    }

    /// `0.25×`, `4×`.
    public static func speedLabel(_ speed: Double) -> String {
        if speed == speed.rounded() { return "\(Int(speed))×" }
        var text = "\(speed)"
        while text.hasSuffix("0") { text.removeLast() }
        return text + "×"
    }
}
