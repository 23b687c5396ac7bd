#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts /proc start times (clock ticks after boot) into an age.
public enum ProcessClock {
    public static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// Seconds the process has been running, from its start time in ticks.
    public static func uptimeSeconds(startTicks: UInt64) -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        let boot = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        return max(0, boot - Double(startTicks) / ticksPerSecond)
    }
}
