/// How fast the heap↔mmap gap closes or opens: its size sampled whenever the layout changes,
/// over a sliding window.
struct GapTrend {
    /// How far back the rate looks.
    static let window: UInt64 = 3_000_000_000
    /// The shortest span a rate is given over: samples a moment apart (a mapping landing inside
    /// the gap, then the next call) would otherwise make a jump read as terabytes a second.
    static let shortestSpan: UInt64 = 1_000_000_000

    private var samples: [(time: UInt64, size: UInt64)] = []

    mutating func record(_ size: UInt64, now: UInt64) {
        samples.append((now, size))
        samples.removeAll { now > $0.time && now - $0.time > Self.window }
    }

    /// Bytes per second the gap changed over the window: negative while heap and mmap converge.
    var bytesPerSecond: Double {
        guard let first = samples.first, let last = samples.last, last.time > first.time else { return 0 }
        let span = max(last.time - first.time, Self.shortestSpan)
        return (Double(last.size) - Double(first.size)) / (Double(span) / 1e9)
    }
}
