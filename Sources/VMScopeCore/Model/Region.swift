/// One mapping of a process's address space, as one line of /proc/PID/maps describes it,
/// plus the kind vmscope classified it as.
public struct Region: Sendable, Hashable {
    public var start: UInt64
    /// One past the last byte (the kernel's `vm_end`).
    public var end: UInt64
    public var permissions: Permissions
    public var offset: UInt64
    public var deviceMajor: UInt32
    public var deviceMinor: UInt32
    public var inode: UInt64
    /// The path or pseudo-name exactly as the kernel wrote it (without a trailing
    /// " (deleted)", which is in `isDeleted`); empty for anonymous memory.
    public var pathname: String
    public var isDeleted: Bool
    public var kind: RegionKind

    public init(start: UInt64, end: UInt64, permissions: Permissions, offset: UInt64 = 0,
                deviceMajor: UInt32 = 0, deviceMinor: UInt32 = 0, inode: UInt64 = 0,
                pathname: String = "", isDeleted: Bool = false, kind: RegionKind = .anonymous) {
        self.start = start
        self.end = end
        self.permissions = permissions
        self.offset = offset
        self.deviceMajor = deviceMajor
        self.deviceMinor = deviceMinor
        self.inode = inode
        self.pathname = pathname
        self.isDeleted = isDeleted
        self.kind = kind
    }

    public var size: UInt64 { end - start }

    public func contains(_ address: UInt64) -> Bool { address >= start && address < end }

    /// Has an inode or an absolute path: a real file, but also shared anonymous memory
    /// (`[anon_shmem:…]`, `/dev/zero`'s shmem inode); callers that mean "a file" check the name.
    public var isFileBacked: Bool { inode != 0 || pathname.hasPrefix("/") }
}
