import Testing
import VMScopeCore

@Suite struct AddressSpaceLimitTests {
    static let compat = "/tmp/malloc32"

    @Test func aCompatTaskHasFourGiB() throws {
        let regions = try FixtureFiles.regions("malloc32-compat", executable: Self.compat)
        let limit = AddressSpaceLimit(reported: nil, regions: regions)
        #expect(limit == .compat32)
        #expect(limit.window == 0...0xffff_ffff)
        #expect(limit.label == "4.0 GiB")
        let summary = AddressSpaceSummary(regions: regions)
        #expect(summary.limit == .compat32)
        #expect(summary.layoutStyle == .topDown)
        #expect(summary.heapMmapGap == 0x673b_c000..<0xb7a0_0000)
    }

    @Test func aSixtyFourBitTaskHas47Bits() throws {
        let regions = try FixtureFiles.regions("python-threads", executable: RegionClassifierTests.python)
        #expect(AddressSpaceLimit(reported: nil, regions: regions) == .bits47)
        #expect(AddressSpaceLimit.bits47.label == "128 TiB")
    }

    @Test func aMappingAbove47BitsMeans56() {
        let regions = RegionClassifier.classify([
            Region(start: 0x5555_5555_4000, end: 0x5555_5555_5000, permissions: Permissions("r-xp")!, inode: 3, pathname: "/bin/x"),
            Region(start: 0x1_0000_0000_0000, end: 0x1_0000_0001_0000, permissions: Permissions("rw-p")!),
            Region(start: 0x7ffd_0000_0000, end: 0x7ffd_0002_1000, permissions: Permissions("rw-p")!, pathname: "[stack]"),
            Region(start: 0xffff_ffff_ff60_0000, end: 0xffff_ffff_ff60_1000, permissions: Permissions("--xp")!, pathname: "[vsyscall]"),
        ], executablePath: "/bin/x")
        #expect(AddressSpaceLimit(reported: nil, regions: regions) == .bits56)
        #expect(AddressSpaceLimit.bits56.label == "64 PiB")
        // [vsyscall] alone is not the process's: it does not make a 56-bit space.
        #expect(AddressSpaceLimit(reported: nil, regions: regions.filter { $0.start != 0x1_0000_0000_0000 }) == .bits47)
    }

    @Test func whatTheKernelReportedWins() throws {
        let regions = try FixtureFiles.regions("python-threads", executable: RegionClassifierTests.python)
        #expect(AddressSpaceLimit(reported: 1 << 32, regions: regions) == .compat32)
    }

    /// TASK_UNMAPPED_BASE is a third of TASK_SIZE, page-aligned up.
    @Test func legacyBaseIsAThirdOfTheSpace() {
        #expect(AddressSpaceLimit.bits47.legacyUnmappedBase == 0x2aaa_aaaa_b000)
        #expect(AddressSpaceLimit.compat32.legacyUnmappedBase == 0x5555_5000)
    }

    /// A static compat binary mapping from a third of 4 GiB up is a legacy layout; the 47-bit
    /// base would have called it top-down.
    @Test func legacyCompatLayoutIsRecognised() {
        let regions = RegionClassifier.classify([
            Region(start: 0x0804_8000, end: 0x080f_0000, permissions: Permissions("r-xp")!, inode: 5, pathname: "/bin/static32"),
            Region(start: 0x080f_0000, end: 0x080f_3000, permissions: Permissions("rw-p")!, inode: 5, pathname: "/bin/static32"),
            Region(start: 0x0900_0000, end: 0x0902_1000, permissions: Permissions("rw-p")!, pathname: "[heap]"),
            Region(start: 0x5556_0000, end: 0x5558_1000, permissions: Permissions("rw-p")!),
            Region(start: 0xfffd_d000, end: 0xffff_e000, permissions: Permissions("rw-p")!, pathname: "[stack]"),
        ], executablePath: "/bin/static32")
        let summary = AddressSpaceSummary(regions: regions)
        #expect(summary.limit == .compat32)
        #expect(summary.layoutStyle == .bottomUp)
    }
}
