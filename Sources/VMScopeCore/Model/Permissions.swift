/// The `rwxp` / `rwxs` column of /proc/PID/maps.
public struct Permissions: Sendable, Hashable, CustomStringConvertible {
    public var read: Bool
    public var write: Bool
    public var execute: Bool
    /// `s` (shared) rather than `p` (private, copy-on-write).
    public var shared: Bool

    public init(read: Bool, write: Bool, execute: Bool, shared: Bool) {
        self.read = read
        self.write = write
        self.execute = execute
        self.shared = shared
    }

    /// Parses exactly four characters such as `r-xp`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let c = Array(text.utf8)
        guard c.count == 4,
              c[0] == UInt8(ascii: "r") || c[0] == UInt8(ascii: "-"),
              c[1] == UInt8(ascii: "w") || c[1] == UInt8(ascii: "-"),
              c[2] == UInt8(ascii: "x") || c[2] == UInt8(ascii: "-"),
              c[3] == UInt8(ascii: "p") || c[3] == UInt8(ascii: "s")
        else { return nil }
        self.init(read: c[0] == UInt8(ascii: "r"), write: c[1] == UInt8(ascii: "w"),
                  execute: c[2] == UInt8(ascii: "x"), shared: c[3] == UInt8(ascii: "s"))
    }

    public init(protection: MapProtection, shared: Bool) {
        self.init(read: protection.contains(.read), write: protection.contains(.write),
                  execute: protection.contains(.execute), shared: shared)
    }

    public var protection: MapProtection {
        var p: MapProtection = []
        if read { p.insert(.read) }
        if write { p.insert(.write) }
        if execute { p.insert(.execute) }
        return p
    }

    /// No access at all: a guard page or reserved-but-unusable range.
    public var isNone: Bool { !read && !write && !execute }

    public var description: String {
        (read ? "r" : "-") + (write ? "w" : "-") + (execute ? "x" : "-") + (shared ? "s" : "p")
    }
}
