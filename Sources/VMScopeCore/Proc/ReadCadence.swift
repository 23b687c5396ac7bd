/// When to read something again that costs time every read (a /proc file of a process with tens
/// of thousands of mappings): after `minimum`, or later if reading more often would spend more
/// than `budget` (a fraction of one core) on it.
public enum ReadCadence {
    public static func next(after time: UInt64, cost: UInt64, minimum: UInt64, budget: Double) -> UInt64 {
        let spaced = Double(cost) / budget
        return later(time, max(minimum, spaced >= Double(UInt64.max) ? .max : UInt64(spaced)))
    }

    /// `time + duration`, saturating: a period of "never" must not overflow the clock.
    public static func later(_ time: UInt64, _ duration: UInt64) -> UInt64 {
        let (sum, overflow) = time.addingReportingOverflow(duration)
        return overflow ? .max : sum
    }
}
