/// What the replay's timeline strip draws: the recording's span, where the replay is in it,
/// how it moves, and when the events were (the activity per column is counted from them).
public struct ReplayStrip: Sendable, Hashable {
    public var startTime: UInt64
    public var endTime: UInt64
    public var position: UInt64
    public var isPlaying: Bool
    public var speed: Double
    /// Every event's time, sorted.
    public var eventTimes: [UInt64]
    /// Events at or before `position`.
    public var eventsShown: Int
    /// Something wrong with the recording (cut short), said on the strip.
    public var warning: String?

    public init(startTime: UInt64, endTime: UInt64, position: UInt64, isPlaying: Bool, speed: Double,
                eventTimes: [UInt64], eventsShown: Int, warning: String? = nil) {
        self.startTime = startTime
        self.endTime = max(startTime, endTime)
        self.position = min(max(position, startTime), max(startTime, endTime))
        self.isPlaying = isPlaying
        self.speed = speed
        self.eventTimes = eventTimes
        self.eventsShown = eventsShown
        self.warning = warning
    }

    /// Events per column over `columns` equal slices of the recording: a binary search per
    /// column boundary, so a million events cost the same as a hundred.
    public func activity(columns: Int) -> [Int] {
        guard columns > 0 else { return [] }
        let span = Double(endTime - startTime)
        var counts = [Int](repeating: 0, count: columns)
        var previous = 0
        for column in 0..<columns {
            let boundary: Int
            if column == columns - 1 {
                boundary = eventTimes.count
            } else {
                let edge = startTime + UInt64(span * Double(column + 1) / Double(columns))
                boundary = ReplayClock.firstIndex(notBefore: edge, in: eventTimes)
            }
            counts[column] = max(0, boundary - previous)
            previous = max(previous, boundary)
        }
        return counts
    }

    /// The column (0..<columns) the play position falls in.
    public func positionColumn(columns: Int) -> Int {
        guard columns > 0, endTime > startTime else { return 0 }
        let fraction = Double(position - startTime) / Double(endTime - startTime)
        return min(columns - 1, Int(fraction * Double(columns)))
    }

    /// `12.345s` (or `3m07.2s` past a minute), counted from the recording's start.
    public static func time(_ nanoseconds: UInt64) -> String {
        let seconds = Double(nanoseconds) / 1e9
        if seconds < 60 {
            let millis = Int((seconds * 1000).rounded(.down))
            return "\(millis / 1000)." + pad3(millis % 1000) + "s"
        }
        let tenths = Int((seconds * 10).rounded(.down))
        let minutes = tenths / 600
        let rest = tenths % 600
        return "\(minutes)m" + (rest < 100 ? "0" : "") + "\(rest / 10).\(rest % 10)s"
    }

    private static func pad3(_ value: Int) -> String {
        value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)"
    }
}
