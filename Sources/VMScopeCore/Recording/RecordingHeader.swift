import Glibc

/// What a recording says about itself before any record: its format version, which vmscope
/// wrote it, the machine it came from, and when it started. A recording replays on any
/// machine; these say where the addresses and paths in it are from.
public struct RecordingHeader: Sendable, Hashable {
    /// Readers refuse a newer major version; a newer minor only adds record types or trailing
    /// fields an older reader skips.
    public static let formatMajor: UInt8 = 1
    public static let formatMinor: UInt8 = 0
    /// The version this build writes into recordings.
    public static let currentVMScopeVersion = "0.1.0"

    public var formatMajor: UInt8
    public var formatMinor: UInt8
    public var vmscopeVersion: String
    public var hostname: String
    /// `uname -r`.
    public var kernelRelease: String
    /// `uname -m`.
    public var architecture: String
    public var pageSize: UInt64
    /// Wall clock at the start, nanoseconds since the Unix epoch.
    public var wallClockStart: UInt64
    /// CLOCK_MONOTONIC ns at the start: every time in the recording is on this clock.
    public var monotonicStart: UInt64

    public init(formatMajor: UInt8 = RecordingHeader.formatMajor, formatMinor: UInt8 = RecordingHeader.formatMinor,
                vmscopeVersion: String = RecordingHeader.currentVMScopeVersion, hostname: String,
                kernelRelease: String, architecture: String, pageSize: UInt64, wallClockStart: UInt64,
                monotonicStart: UInt64) {
        self.formatMajor = formatMajor
        self.formatMinor = formatMinor
        self.vmscopeVersion = vmscopeVersion
        self.hostname = hostname
        self.kernelRelease = kernelRelease
        self.architecture = architecture
        self.pageSize = pageSize
        self.wallClockStart = wallClockStart
        self.monotonicStart = monotonicStart
    }

    /// This machine, now.
    public static func current(monotonicStart: UInt64 = MonotonicClock.now()) -> RecordingHeader {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let page = sysconf(Int32(_SC_PAGESIZE))
        return RecordingHeader(hostname: field(names.nodename), kernelRelease: field(names.release),
                               architecture: field(names.machine), pageSize: UInt64(page > 0 ? page : 4096),
                               wallClockStart: UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec),
                               monotonicStart: monotonicStart)
    }

    /// log2 of the page size, for lengths stored in pages (a page size not a power of two
    /// stores every length in bytes).
    var pageShift: UInt64 {
        guard pageSize > 0, pageSize & (pageSize - 1) == 0 else { return 0 }
        return UInt64(pageSize.trailingZeroBitCount)
    }
}
