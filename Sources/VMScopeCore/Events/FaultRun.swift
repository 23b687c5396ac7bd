/// Faults over one contiguous address range within one drain of the kernel's counters: the
/// coalesced form of many `.faultCounts` buckets, as the event log and `trace` show them.
public struct FaultRun: Sendable, Hashable {
    public var tgid: Int32
    public var start: UInt64
    public var end: UInt64
    public var count: UInt64
    /// Timestamp of the newest bucket in the run.
    public var timestamp: UInt64

    public init(tgid: Int32, start: UInt64, end: UInt64, count: UInt64, timestamp: UInt64) {
        self.tgid = tgid
        self.start = start
        self.end = end
        self.count = count
        self.timestamp = timestamp
    }

    /// Merges `.faultCounts` events whose buckets touch (same process) into runs, ordered by
    /// address. Other kinds of events are ignored. `maxGap` lets nearby buckets join, so a
    /// sparse walk over a region reads as one burst rather than hundreds of lines.
    public static func coalesce(_ events: [MemoryEvent], maxGap: UInt64 = 0) -> [FaultRun] {
        var buckets: [(tgid: Int32, start: UInt64, end: UInt64, count: UInt64, time: UInt64)] = []
        for event in events {
            if case let .faultCounts(address, size, count) = event.kind, count > 0 {
                buckets.append((event.tgid, address, address &+ size, count, event.timestamp))
            }
        }
        buckets.sort { ($0.tgid, $0.start) < ($1.tgid, $1.start) }
        var runs: [FaultRun] = []
        for b in buckets {
            if var last = runs.last, last.tgid == b.tgid, b.start <= last.end &+ maxGap {
                last.end = max(last.end, b.end)
                last.count += b.count
                last.timestamp = max(last.timestamp, b.time)
                runs[runs.count - 1] = last
            } else {
                runs.append(FaultRun(tgid: b.tgid, start: b.start, end: b.end, count: b.count, timestamp: b.time))
            }
        }
        return runs
    }
}
