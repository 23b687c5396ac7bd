import Glibc

/// CLOCK_MONOTONIC in nanoseconds: the clock eBPF's bpf_ktime_get_ns stamps events with.
enum MonotonicClock {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
