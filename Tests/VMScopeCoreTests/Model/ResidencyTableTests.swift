import Testing
import VMScopeCore

/// Per-region residency from smaps, looked up for the live layout's regions: only a region
/// whose extent smaps' entries cover exactly gets figures, so RSS never exceeds the region.
@Suite struct ResidencyTableTests {
    /// smaps as the kernel wrote it: a 68 KiB anonymous mapping, fully resident.
    static let smaps = """
        7ffff7d5e000-7ffff7d6f000 rw-p 00000000 00:00 0 
        Size:                 68 kB
        KernelPageSize:        4 kB
        Rss:                  68 kB
        Pss:                  68 kB
        Shared_Dirty:          0 kB
        Private_Dirty:        68 kB
        Swap:                  0 kB
        VmFlags: rd wr mr mw me ac 

        """

    static func anonymous(_ start: UInt64, _ end: UInt64) -> Region {
        Region(start: start, end: end, permissions: Permissions("rw-p")!)
    }

    /// The live layout unmapped the top 8 KiB after smaps was read: its 60 KiB region starts
    /// where the 68 KiB entry did, but smaps says nothing about it any more.
    @Test func aRegionThatShrankSinceSmapsWasReadHasNoFigures() {
        let residency = SmapsReader.parse(Array(Self.smaps.utf8))
        let region = Self.anonymous(0x7fff_f7d5_e000, 0x7fff_f7d6_d000)
        let resident = residency[region.start]?.resident
        #expect(resident == nil, "a \(region.size >> 10) KiB region shown with \((resident ?? 0) >> 10) KiB resident")
    }
}
