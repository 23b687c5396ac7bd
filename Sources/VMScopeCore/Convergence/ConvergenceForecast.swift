/// How the heap↔mmap gap is moving, in words, and when the heap and the mmap area meet if it
/// keeps closing at its recent rate. The bar's convergence row and the gauge both say it so.
public enum ConvergenceForecast {
    /// Slower than this (bytes per second) the gap is "steady".
    public static let steadyBelow: Double = 1

    /// `closing 1.2 MiB/s`, `opening 4.0 KiB/s`, `steady`.
    public static func trend(bytesPerSecond: Double) -> String {
        let speed = bytesPerSecond.isFinite ? bytesPerSecond.magnitude : 0
        guard speed >= steadyBelow else { return "steady" }
        let bytes = speed >= 1.8e19 ? UInt64.max : UInt64(speed)
        return (bytesPerSecond < 0 ? "closing " : "opening ") + ByteFormatter.format(bytes) + "/s"
    }

    /// Seconds until the gap is gone, nil unless it is closing faster than `steadyBelow`.
    public static func secondsToMeet(gap: UInt64, bytesPerSecond: Double) -> Double? {
        guard bytesPerSecond.isFinite, -bytesPerSecond >= steadyBelow else { return nil }
        return Double(gap) / -bytesPerSecond
    }

    /// `meet in ~4 s at this rate`, `~12 min`, `~3 h`, `~34 days`; past a year, `meet in years at
    /// this rate`. Nil when the gap is not closing.
    public static func description(gap: UInt64, bytesPerSecond: Double) -> String? {
        guard let seconds = secondsToMeet(gap: gap, bytesPerSecond: bytesPerSecond) else { return nil }
        return "meet in " + approximate(seconds) + " at this rate"
    }

    /// A duration to one or two significant figures: nobody should read precision into a
    /// straight-line forecast.
    static func approximate(_ seconds: Double) -> String {
        if seconds < 1 { return "<1 s" }
        if seconds < 90 { return "~\(Int(seconds.rounded())) s" }
        if seconds < 90 * 60 { return "~\(Int((seconds / 60).rounded())) min" }
        if seconds < 48 * 3600 { return "~\(Int((seconds / 3600).rounded())) h" }
        if seconds < 365 * 86_400 { return "~\(Int((seconds / 86_400).rounded())) days" }
        return "years"
    }
}
