/// Where a process's address space runs out: what each kind of region takes, how the free space
/// is cut up, and how far each limit is (RLIMIT_AS, RLIMIT_DATA, `vm.max_map_count`). A process
/// can fail to map with plenty of free space when no gap is large enough (fragmentation), or when
/// a limit comes first; this says which.
public struct SpaceSummary: Sendable, Hashable {
    /// One region kind's share.
    public struct KindUsage: Sendable, Hashable {
        public var kind: RegionKind
        public var size: UInt64
        /// Resident and dirty bytes from smaps; nil when smaps was not read or listed none of
        /// this kind's regions as they are now (they changed since).
        public var resident: UInt64?
        public var dirty: UInt64?
        public var regionCount: Int
        public var largest: UInt64
    }

    /// The unmapped space a mapping could use: from `vm.mmap_min_addr` to the top of the space.
    public struct FreeSpace: Sendable, Hashable {
        public var total: UInt64 = 0
        /// The largest gap: the biggest mapping that could still be placed.
        public var largestGap: Range<UInt64>?
        public var gapCount = 0

        public var largestGapSize: UInt64 { largestGap.map { $0.upperBound - $0.lowerBound } ?? 0 }
        /// 1 − largest gap ÷ free total: 0 when the free space is one gap, near 1 when it is
        /// crumbs. 0 when nothing is free.
        public var fragmentation: Double { total == 0 ? 0 : 1 - Double(largestGapSize) / Double(total) }
    }

    /// How much more a limit allows: `used` of `limit` (nil: unlimited).
    public struct Headroom: Sendable, Hashable {
        public var used: UInt64
        public var limit: UInt64?
        /// What is left; nil when unlimited, 0 when at or past the limit.
        public var left: UInt64? { limit.map { $0 > used ? $0 - used : 0 } }
    }

    /// Kinds present, largest total first.
    public var kinds: [KindUsage]
    public var free: FreeSpace
    /// Virtual size (what RLIMIT_AS counts) against RLIMIT_AS.
    public var addressSpace: Headroom
    /// Private writable memory outside the stack (what RLIMIT_DATA counts) against RLIMIT_DATA.
    public var data: Headroom
    /// Regions against `vm.max_map_count`.
    public var regions: Headroom
    /// The top of the space the free space is counted to.
    public var spaceLimit: UInt64

    /// - Parameters:
    ///   - regions: sorted, classified.
    ///   - residency: smaps figures; nil leaves resident and dirty out.
    ///   - spaceLimit: `ProcessFacts.addressSpaceLimit`.
    public init(regions: [Region], residency: ResidencyTable?, spaceLimit: UInt64, limits: SpaceLimits) {
        var usage: [RegionKind: KindUsage] = [:]
        var virtualSize: UInt64 = 0, dataSize: UInt64 = 0, counted = 0
        var free = FreeSpace()
        var cursor = limits.minimumAddress
        func addGap(_ end: UInt64) {
            guard end > cursor else { return }
            free.total += end - cursor
            free.gapCount += 1
            if end - cursor > free.largestGapSize { free.largestGap = cursor..<end }
        }
        for region in regions {
            // [vsyscall] is not a VMA: no limit counts it and it lies above the user space.
            guard region.kind != .vsyscall else { continue }
            counted += 1
            virtualSize &+= region.size
            // The kernel's data_vm: writable, private, not the stack (VM_WRITE & ~VM_SHARED & ~VM_STACK).
            if region.permissions.write, !region.permissions.shared, region.kind != .stack { dataSize &+= region.size }
            var entry = usage[region.kind] ?? KindUsage(kind: region.kind, size: 0, resident: nil, dirty: nil,
                                                        regionCount: 0, largest: 0)
            entry.size &+= region.size
            entry.regionCount += 1
            entry.largest = max(entry.largest, region.size)
            // A region smaps listed with another extent (it changed since) adds nothing.
            if let figures = residency?.residency(of: region) {
                entry.resident = (entry.resident ?? 0) &+ figures.resident
                entry.dirty = (entry.dirty ?? 0) &+ figures.dirty
            }
            usage[region.kind] = entry
            addGap(min(region.start, spaceLimit))
            cursor = max(cursor, region.end)
        }
        addGap(spaceLimit)

        kinds = usage.values.sorted { $0.size != $1.size ? $0.size > $1.size : $0.kind.label < $1.kind.label }
        self.free = free
        addressSpace = Headroom(used: virtualSize, limit: limits.addressSpace)
        data = Headroom(used: dataSize, limit: limits.data)
        self.regions = Headroom(used: UInt64(counted), limit: limits.maxMapCount.map { UInt64(max(0, $0)) })
        self.spaceLimit = spaceLimit
    }
}
