/// Events per second over a sliding window of whole seconds, from event timestamps.
/// Memory is one counter per second of the window.
public struct TimelineEventRate: Sendable {
    public static let nanosecondsPerSecond: UInt64 = 1_000_000_000

    /// Seconds the rate averages over.
    public let windowSeconds: UInt64
    /// (second, events in it), oldest first; only seconds that had events.
    private var buckets: [(second: UInt64, count: Int)] = []
    /// The latest timestamp recorded, the default "now".
    public private(set) var latestTimestamp: UInt64 = 0

    public init(windowSeconds: UInt64 = 5) {
        self.windowSeconds = max(1, windowSeconds)
    }

    public mutating func record(timestamp: UInt64, count: Int = 1) {
        let second = timestamp / Self.nanosecondsPerSecond
        latestTimestamp = max(latestTimestamp, timestamp)
        if let last = buckets.last, last.second == second {
            buckets[buckets.count - 1].count += count
        } else if let last = buckets.last, second < last.second {
            // Slightly out of order (per-CPU delivery): add it to its own second if still kept.
            if let index = buckets.lastIndex(where: { $0.second == second }) {
                buckets[index].count += count
            }
        } else {
            buckets.append((second, count))
        }
        trim(before: latestTimestamp)
    }

    /// Average events per second over the window ending at `now` (default: the latest event).
    public func eventsPerSecond(now: UInt64? = nil) -> Double {
        let nowSecond = (now ?? latestTimestamp) / Self.nanosecondsPerSecond
        let oldest = nowSecond >= windowSeconds ? nowSecond - windowSeconds + 1 : 0
        var total = 0
        for bucket in buckets where bucket.second >= oldest && bucket.second <= nowSecond {
            total += bucket.count
        }
        return Double(total) / Double(windowSeconds)
    }

    private mutating func trim(before now: UInt64) {
        let nowSecond = now / Self.nanosecondsPerSecond
        guard nowSecond >= windowSeconds else { return }
        let oldest = nowSecond - windowSeconds + 1
        if let keep = buckets.firstIndex(where: { $0.second >= oldest }) {
            if keep > 0 { buckets.removeFirst(keep) }
        } else {
            buckets.removeAll(keepingCapacity: true)
        }
    }
}
