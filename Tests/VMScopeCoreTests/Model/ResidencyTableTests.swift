import Foundation
import Testing
@testable import VMScopeCore

/// Per-region residency from smaps, looked up for the live layout's regions: only a region
/// whose extent smaps' entries cover exactly gets figures, so RSS never exceeds the region.
@Suite struct ResidencyTableTests {
    /// smaps as the kernel writes it: a 68 KiB anonymous mapping, fully resident, then two
    /// adjacent halves of a library's data that the live layout may show as one region.
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
        7ffff7f52000-7ffff7f54000 rw-p 001d4000 fe:00 4242                       /usr/lib/x86_64-linux-gnu/libc.so.6
        Size:                  8 kB
        Rss:                   8 kB
        Shared_Dirty:          4 kB
        Private_Dirty:         4 kB
        Swap:                  0 kB
        7ffff7f54000-7ffff7f61000 rw-p 00000000 00:00 0 
        Size:                 52 kB
        Rss:                  20 kB
        Private_Dirty:        20 kB
        Swap:                 12 kB
        VmFlags: rd wr mr mw me ac 

        """

    static func anonymous(_ start: UInt64, _ end: UInt64) -> Region {
        Region(start: start, end: end, permissions: Permissions("rw-p")!)
    }

    static let table = SmapsReader.parse(Array(smaps.utf8))

    /// The live layout unmapped the top 8 KiB after smaps was read: its 60 KiB region starts
    /// where the 68 KiB entry did, but smaps says nothing about it any more.
    @Test func aRegionThatShrankSinceSmapsWasReadHasNoFigures() {
        let region = Self.anonymous(0x7fff_f7d5_e000, 0x7fff_f7d6_d000)
        let resident = Self.table.residency(of: region)?.resident
        #expect(resident == nil, "a \(region.size >> 10) KiB region shown with \((resident ?? 0) >> 10) KiB resident")
    }

    @Test func aRegionSmapsListedGetsItsFigures() {
        #expect(Self.table.count == 3)
        #expect(Self.table.residency(of: Self.anonymous(0x7fff_f7d5_e000, 0x7fff_f7d6_f000))
                == RegionResidency(resident: 68 << 10, dirty: 68 << 10, swapped: 0))
        // Shared and private dirty pages add up, as pmap's Dirty column.
        #expect(Self.table.residency(of: 0x7fff_f7f5_2000..<0x7fff_f7f5_4000)
                == RegionResidency(resident: 8 << 10, dirty: 8 << 10, swapped: 0))
    }

    @Test func aRegionTiledByAdjacentEntriesGetsTheirSum() {
        #expect(Self.table.residency(of: 0x7fff_f7f5_2000..<0x7fff_f7f6_1000)
                == RegionResidency(resident: 28 << 10, dirty: 28 << 10, swapped: 12 << 10))
    }

    @Test func anExtentNotCoveredExactlyHasNoFigures() {
        let table = Self.table
        // Grown past its entry (into unmapped space), and past a tiling pair.
        #expect(table.residency(of: 0x7fff_f7d5_e000..<0x7fff_f7d7_0000) == nil)
        #expect(table.residency(of: 0x7fff_f7f5_2000..<0x7fff_f7f6_2000) == nil)
        // Starting inside an entry; ending inside the second of a pair.
        #expect(table.residency(of: 0x7fff_f7d5_f000..<0x7fff_f7d6_f000) == nil)
        #expect(table.residency(of: 0x7fff_f7f5_2000..<0x7fff_f7f5_5000) == nil)
        // Spanning a hole between entries.
        #expect(table.residency(of: 0x7fff_f7d5_e000..<0x7fff_f7f5_4000) == nil)
        // Nothing listed there; nothing read at all.
        #expect(table.residency(of: 0x1000..<0x2000) == nil)
        #expect(ResidencyTable().residency(of: 0x7fff_f7d5_e000..<0x7fff_f7d6_f000) == nil)
    }

    @Test func entriesAddedOutOfOrderAreLookedUpInAddressOrder() {
        var table = ResidencyTable()
        table.add(start: 0x3000, end: 0x4000, RegionResidency(resident: 0x1000))
        table.add(start: 0x1000, end: 0x2000, RegionResidency(resident: 0x800))
        table.add(start: 0x2000, end: 0x3000, RegionResidency(resident: 0x400))
        #expect(table.residency(of: 0x1000..<0x4000)?.resident == 0x1c00)
        #expect(table.residency(of: 0x2000..<0x3000)?.resident == 0x400)
    }

    /// This process's own smaps against its own maps: nearly every region is listed exactly,
    /// and none shows more resident than its size.
    @Test func ownRegionsNeverShowMoreResidentThanTheirSize() throws {
        let snapshot = try SnapshotReader().read(pid: getpid())
        let table = try SmapsReader().read(pid: getpid())
        let figures = snapshot.regions.compactMap { region in table.residency(of: region).map { (region, $0) } }
        #expect(figures.count * 10 >= snapshot.regions.count * 9, "\(figures.count) of \(snapshot.regions.count)")
        for (region, residency) in figures {
            #expect(residency.resident <= region.size, "\(AddressFormatter.format(region.start))")
        }
    }
}

/// smaps is read and parsed a chunk at a time; a chunk may end anywhere in a line.
@Suite struct SmapsStreamingTests {
    @Test func anyChunkingParsesLikeTheWholeText() throws {
        let text = Array(ResidencyTableTests.smaps.utf8)
        let whole = SmapsReader.parse(text)
        #expect(whole.count == 3)
        for size in [1, 2, 3, 7, 16, 61, 100, 4096] {
            var parser = SmapsReader.Parser()
            var offset = 0
            while offset < text.count {
                parser.feed(text[offset..<min(text.count, offset + size)])
                offset += size
            }
            #expect(parser.finish() == whole, "chunks of \(size) bytes")
        }
    }

    @Test func linesItDoesNotKnowAndGarbageAreSkipped() {
        let text = "junk\n0-zz\nRss: 4 kB\n1000-2000 rw-p 00000000 00:00 0\nVmFlags: rd wr\nRss:   8 kB\nSwap: x\n"
        let table = SmapsReader.parse(Array(text.utf8))
        #expect(table.residency(of: 0x1000..<0x2000) == RegionResidency(resident: 8 << 10, dirty: 0, swapped: 0))
        #expect(table.count == 1)
    }
}
