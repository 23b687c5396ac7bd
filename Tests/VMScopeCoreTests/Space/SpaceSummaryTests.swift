import Glibc
import Testing
@testable import VMScopeCore

@Suite struct SpaceSummaryTests {
    static func region(_ start: UInt64, _ end: UInt64, _ perms: String, _ path: String = "") -> Region {
        Region(start: start, end: end, permissions: Permissions(perms)!, inode: path.hasPrefix("/") ? 7 : 0, pathname: path)
    }

    /// A 1 MiB space (limit) with mappings leaving gaps of 60, 64, 192 and 640 KiB.
    static let regions = RegionClassifier.classify([
        region(0x1_0000, 0x1_1000, "r-xp", "/bin/p"),          // text, 4 KiB; the 60 KiB below it is under mmap_min_addr
        region(0x1_1000, 0x1_3000, "rw-p", "/bin/p"),          // data, 8 KiB
        region(0x1_3000, 0x2_3000, "rw-p", "[heap]"),          // heap, 64 KiB
        region(0x3_3000, 0x4_3000, "rw-p"),                    // anon, 64 KiB, after a 64 KiB gap
        region(0x7_3000, 0x7_5000, "rw-s", "/dev/shm/x"),      // shared: not data
        region(0x7_5000, 0x7_6000, "rw-p"),                    // anon, 4 KiB
        region(0x6_0000 + 0x16_000, 0x6_0000 + 0x17_000, "rw-p"),
        region(0xf_0000, 0xf_4000, "rw-p", "[stack]"),         // not data
        region(0xffff_ffff_ff60_0000, 0xffff_ffff_ff60_1000, "--xp", "[vsyscall]"),
    ], executablePath: "/bin/p")

    static func summary(residency: ResidencyTable? = nil, limits: SpaceLimits = SpaceLimits()) -> SpaceSummary {
        SpaceSummary(regions: regions, residency: residency, spaceLimit: 0x10_0000, limits: limits)
    }

    @Test func freeSpaceIsTheGapsAboveTheMinimumAddress() throws {
        let free = Self.summary().free
        // 0x10000 is mmap_min_addr: nothing below it. Gaps: 0x23000-0x33000, 0x43000-0x73000,
        // 0x77000-0xf0000, 0xf4000-0x100000.
        #expect(free.gapCount == 4)
        #expect(free.total == 0x1_0000 + 0x3_0000 + 0x7_9000 + 0xc000)
        #expect(free.largestGap == 0x7_7000..<0xf_0000)
        #expect(abs(free.fragmentation - (1 - 0x7_9000 / Double(free.total))) < 1e-12)
    }

    @Test func perKindTotalsCountsAndLargest() throws {
        let kinds = Self.summary().kinds
        let anon = try #require(kinds.first { $0.kind == .anonymous })
        #expect(anon.size == 0x1_0000 + 0x1000 + 0x1000)
        #expect(anon.regionCount == 3)
        #expect(anon.largest == 0x1_0000)
        #expect(anon.resident == nil)
        #expect(kinds.first?.kind == .anonymous, "largest total first")
        #expect(!kinds.contains { $0.kind == .vsyscall })
    }

    @Test func residentAndDirtyAddUpWhatSmapsListed() throws {
        var table = ResidencyTable()
        table.add(start: 0x3_3000, end: 0x4_3000, RegionResidency(resident: 0x8000, dirty: 0x4000))
        table.add(start: 0x7_5000, end: 0x7_6000, RegionResidency(resident: 0x1000, dirty: 0x1000))
        let anon = try #require(Self.summary(residency: table).kinds.first { $0.kind == .anonymous })
        #expect(anon.resident == 0x9000)
        #expect(anon.dirty == 0x5000)
        // smaps did not list the heap as it is now: unknown, not 0 B.
        let heap = try #require(Self.summary(residency: table).kinds.first { $0.kind == .heap })
        #expect(heap.resident == nil)
    }

    @Test func headroomUnderEachLimit() {
        let limits = SpaceLimits(addressSpace: 0x10_0000, data: 0x2_0000, maxMapCount: 10, minimumAddress: 0x1_0000)
        let s = Self.summary(limits: limits)
        let virtual: UInt64 = 0x1000 + 0x2000 + 0x1_0000 + 0x1_0000 + 0x2000 + 0x1000 + 0x1000 + 0x4000
        #expect(s.addressSpace.used == virtual)
        #expect(s.addressSpace.left == 0x10_0000 - virtual)
        // data_vm: private and writable, not the stack, not shared memory.
        #expect(s.data.used == 0x2000 + 0x1_0000 + 0x1_0000 + 0x1000 + 0x1000)
        #expect(s.data.left == 0, "past RLIMIT_DATA: nothing left, not a wrapped number")
        #expect(s.regions.used == 8)
        #expect(s.regions.left == 2)
        #expect(Self.summary().addressSpace.left == nil)
    }

    @Test func limitsFileAndSysctls() throws {
        let text = """
            Limit                     Soft Limit           Hard Limit           Units     
            Max cpu time              unlimited            unlimited            seconds   
            Max data size             1073741824           unlimited            bytes     
            Max stack size            8388608              unlimited            bytes     
            Max address space         unlimited            unlimited            bytes     
            Max nice priority         0                    0                    
            """
        let soft = SpaceLimitsReader.softLimits(text)
        #expect(soft["Max data size"] == .some(1 << 30))
        #expect(soft["Max address space"] == .some(nil))
        #expect(soft["Max stack size"] == .some(8_388_608))
        // This machine's own.
        let mine = SpaceLimitsReader().read(pid: getpid())
        #expect(mine.maxMapCount.map { $0 > 0 } == true)
    }
}

@Suite struct SpaceSummaryTextTests {
    @Test func theWordsLayoutAndThePanelShare() {
        let s = SpaceSummaryTests.summary(limits: SpaceLimits(addressSpace: 0x10_0000, data: nil, maxMapCount: 10,
                                                              minimumAddress: 0x1_0000))
        #expect(SpaceSummaryText.headroomLines(s) == [
            "RLIMIT_AS         852 KiB left of 1.0 MiB (172 KiB used)",
            "RLIMIT_DATA       unlimited (144 KiB used)",
            "vm.max_map_count  2 left of 10 (8 regions)",
        ])
        #expect(SpaceSummaryText.free(s.free)
                == "788 KiB free in 4 gaps, fragmentation 39 %, largest 484 KiB at 0x000000077000-0x0000000f0000")
        #expect(SpaceSummaryText.kindTable(s).first == "KIND              SIZE       RSS     DIRTY  REGIONS   LARGEST")
        #expect(SpaceSummaryText.kindTable(s)[1] == "anon            72 KiB         -         -        3    64 KiB")
        #expect(SpaceSummaryText.percent(0.004) == "0.4 %")
    }
}
