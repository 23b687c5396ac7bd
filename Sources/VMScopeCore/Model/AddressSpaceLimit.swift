/// The top of one process's user address space: what the bar's linear scale spans, what free
/// space is counted up to, and where the legacy layout's mmap base sits. A compat (32-bit) task
/// on this 64-bit kernel has 4 GiB, a 64-bit one 128 TiB (47 bits), or 64 PiB once it asked for
/// addresses above 47 bits on a 5-level-paging machine. A fixed 47-bit constant drew a 32-bit
/// process as a sliver at the bar's left edge.
public struct AddressSpaceLimit: Sendable, Hashable {
    /// One past the highest user address.
    public let end: UInt64

    public init(end: UInt64) {
        self.end = max(end, 1 << 16)
    }

    /// A compat task: TASK_SIZE_32 is 0xffffe000, shown as the 4 GiB it nearly is.
    public static let compat32 = AddressSpaceLimit(end: 1 << 32)
    /// 4-level paging (and 5-level for a process that never asked above 47 bits).
    public static let bits47 = AddressSpaceLimit(end: 1 << 47)
    /// 5-level paging, for a process with mappings above 47 bits.
    public static let bits56 = AddressSpaceLimit(end: 1 << 56)

    /// All of it, the linear scale's natural "zoomed out" window.
    public var window: ClosedRange<UInt64> { 0...(end - 1) }

    /// TASK_UNMAPPED_BASE, where a legacy (bottom-up) layout starts mapping:
    /// PAGE_ALIGN(TASK_SIZE / 3) (0x2aaaaaaab000 for 47 bits, 0x55555000 for a compat task).
    public var legacyUnmappedBase: UInt64 {
        let taskSize = self == .compat32 ? 0xffff_e000 : end - 4096
        return (taskSize / 3 + 4095) & ~4095
    }

    /// How far above `legacyUnmappedBase` randomisation may put the legacy base, plus slack for
    /// the first mappings: 28 bits of pages for 64-bit tasks (`vm.mmap_rnd_bits`), 8 for compat
    /// ones (`vm.mmap_rnd_compat_bits`).
    public var legacyRandomRange: UInt64 {
        self == .compat32 ? (1 << 20) + (1 << 24) : (1 << 40) + (1 << 30)
    }

    /// The limit the kernel reported for the process when known (`reported`, in bytes),
    /// else a reading of its layout: a main stack below 4 GiB is a compat task's, a mapping
    /// above 47 bits (other than `[vsyscall]`, which is not the process's) means 56 bits.
    public init(reported: UInt64?, regions: [Region]) {
        if let reported, reported > 0 {
            self.init(end: reported)
            return
        }
        var highest: UInt64 = 0
        var stackTop: UInt64?
        for region in regions where region.kind != .vsyscall {
            highest = max(highest, region.end)
            if region.kind == .stack { stackTop = max(stackTop ?? 0, region.end) }
        }
        if highest > Self.bits47.end {
            self = .bits56
        } else if let stackTop, stackTop <= Self.compat32.end {
            self = .compat32
        } else {
            self = .bits47
        }
    }

    /// `4 GiB`, `128 TiB`, `64 PiB`.
    public var label: String { ByteFormatter.format(end) }
}
