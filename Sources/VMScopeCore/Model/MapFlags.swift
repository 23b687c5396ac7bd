/// mmap `flags` bits (x86-64 values) with a decoder for the event log.
public struct MapFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let shared = MapFlags(rawValue: 0x01)
    public static let `private` = MapFlags(rawValue: 0x02)
    public static let sharedValidate = MapFlags(rawValue: 0x03)
    public static let fixed = MapFlags(rawValue: 0x10)
    public static let anonymous = MapFlags(rawValue: 0x20)
    public static let growsDown = MapFlags(rawValue: 0x100)
    public static let denyWrite = MapFlags(rawValue: 0x800)
    public static let executable = MapFlags(rawValue: 0x1000)
    public static let locked = MapFlags(rawValue: 0x2000)
    public static let noReserve = MapFlags(rawValue: 0x4000)
    public static let populate = MapFlags(rawValue: 0x8000)
    public static let nonBlock = MapFlags(rawValue: 0x10000)
    public static let stack = MapFlags(rawValue: 0x20000)
    public static let hugeTLB = MapFlags(rawValue: 0x40000)
    public static let sync = MapFlags(rawValue: 0x80000)
    public static let fixedNoReplace = MapFlags(rawValue: 0x100000)

    private static let names: [(UInt32, String)] = [
        (0x10, "FIXED"), (0x20, "ANONYMOUS"), (0x100, "GROWSDOWN"), (0x800, "DENYWRITE"),
        (0x1000, "EXECUTABLE"), (0x2000, "LOCKED"), (0x4000, "NORESERVE"), (0x8000, "POPULATE"),
        (0x10000, "NONBLOCK"), (0x20000, "STACK"), (0x40000, "HUGETLB"), (0x80000, "SYNC"),
        (0x100000, "FIXED_NOREPLACE"),
    ]

    /// `PRIVATE|ANONYMOUS` style: the sharing type first, then every known bit, then any
    /// unknown remainder in hex so nothing the kernel was told is hidden.
    public var description: String {
        var parts: [String] = []
        switch rawValue & 0x3 {
        case 0x1: parts.append("SHARED")
        case 0x2: parts.append("PRIVATE")
        case 0x3: parts.append("SHARED_VALIDATE")
        default: break
        }
        var known: UInt32 = 0x3
        for (bit, name) in Self.names where rawValue & bit != 0 {
            parts.append(name)
            known |= bit
        }
        // Bits 26-31 carry the huge page size with MAP_HUGETLB.
        let hugeShift = (rawValue >> 26) & 0x3f
        if hugeShift != 0, rawValue & 0x40000 != 0 {
            parts.append("HUGE_2^\(hugeShift)")
            known |= 0x3f << 26
        }
        let rest = rawValue & ~known
        if rest != 0 { parts.append("0x" + String(rest, radix: 16)) }
        return parts.isEmpty ? "0" : parts.joined(separator: "|")
    }
}
