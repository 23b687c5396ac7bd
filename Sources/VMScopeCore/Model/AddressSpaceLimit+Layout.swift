/// What a process's address-space size (`ProcessFacts.addressSpaceLimit`) means for drawing and
/// reading its layout.
extension AddressSpaceLimit {
    /// All of it, the linear scale's natural "zoomed out" window.
    public static func window(_ limit: UInt64) -> ClosedRange<UInt64> {
        0...(max(limit, 1 << 16) - 1)
    }

    /// TASK_UNMAPPED_BASE, where a legacy (bottom-up) layout starts mapping: PAGE_ALIGN(TASK_SIZE
    /// / 3), with TASK_SIZE 0xffffe000 for a 4 GiB compat task (0x55555000) and the 47-bit
    /// window minus a page for 64-bit ones (0x2aaaaaaab000, five-level paging too: the kernel
    /// takes the legacy base from the 47-bit window).
    public static func legacyUnmappedBase(_ limit: UInt64) -> UInt64 {
        let taskSize: UInt64 = switch limit {
        case thirtyTwoBit: 0xffff_e000
        case ...thirtyTwoBit: limit
        default: fourLevel - 4096
        }
        return (taskSize / 3 + 4095) & ~4095
    }

    /// How far above `legacyUnmappedBase` randomisation may put the legacy base, plus slack for
    /// the first mappings: 28 bits of pages for 64-bit tasks (`vm.mmap_rnd_bits`), 8 for compat
    /// ones (`vm.mmap_rnd_compat_bits`).
    public static func legacyRandomRange(_ limit: UInt64) -> UInt64 {
        limit <= thirtyTwoBit ? (1 << 20) + (1 << 24) : (1 << 40) + (1 << 30)
    }
}
