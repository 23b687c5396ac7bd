/// mmap/mprotect `prot` bits (PROT_READ, PROT_WRITE, PROT_EXEC).
public struct MapProtection: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let read = MapProtection(rawValue: 0x1)
    public static let write = MapProtection(rawValue: 0x2)
    public static let execute = MapProtection(rawValue: 0x4)

    /// `rwx` style, `-` for an absent bit, as in /proc/PID/maps.
    public var description: String {
        (contains(.read) ? "r" : "-") + (contains(.write) ? "w" : "-") + (contains(.execute) ? "x" : "-")
    }
}
