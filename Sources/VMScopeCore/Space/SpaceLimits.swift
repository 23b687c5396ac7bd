/// What bounds a process's address space besides its size: RLIMIT_AS (total virtual size) and
/// RLIMIT_DATA (private writable memory) from /proc/PID/limits, the machine's
/// `vm.max_map_count` (regions per process) and `vm.mmap_min_addr` (the lowest address a
/// mapping may take). nil: unlimited, or not read.
public struct SpaceLimits: Sendable, Hashable {
    /// RLIMIT_AS soft limit in bytes; mmap and brk fail with ENOMEM past it.
    public var addressSpace: UInt64?
    /// RLIMIT_DATA soft limit in bytes (private writable mappings and the heap).
    public var data: UInt64?
    /// `vm.max_map_count`: mmap fails with ENOMEM once the process has this many regions.
    public var maxMapCount: Int?
    /// `vm.mmap_min_addr`: free space below it cannot be used.
    public var minimumAddress: UInt64

    public init(addressSpace: UInt64? = nil, data: UInt64? = nil, maxMapCount: Int? = nil,
                minimumAddress: UInt64 = 65536) {
        self.addressSpace = addressSpace
        self.data = data
        self.maxMapCount = maxMapCount
        self.minimumAddress = minimumAddress
    }
}
