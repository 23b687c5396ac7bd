import Testing
import VMScopeCore

/// What a process's address-space size means for its layout: the linear scale's window, where a
/// legacy layout starts mapping, and the summaries of a 32-bit process.
@Suite struct AddressSpaceLimitLayoutTests {
    static let compat = "/tmp/malloc32"

    @Test func theWindowIsAllOfTheSpace() {
        #expect(AddressSpaceLimit.window(AddressSpaceLimit.thirtyTwoBit) == 0...0xffff_ffff)
        #expect(AddressSpaceLimit.window(AddressSpaceLimit.fourLevel) == 0...0x7fff_ffff_ffff)
    }

    /// TASK_UNMAPPED_BASE is a third of TASK_SIZE, page-aligned up.
    @Test func legacyBaseIsAThirdOfTheSpace() {
        #expect(AddressSpaceLimit.legacyUnmappedBase(AddressSpaceLimit.fourLevel) == 0x2aaa_aaaa_b000)
        #expect(AddressSpaceLimit.legacyUnmappedBase(AddressSpaceLimit.fiveLevel) == 0x2aaa_aaaa_b000)
        #expect(AddressSpaceLimit.legacyUnmappedBase(AddressSpaceLimit.thirtyTwoBit) == 0x5555_5000)
        #expect(AddressSpaceLimit.legacyUnmappedBase(AddressSpaceLimit.threeGigabytes) == 0x4000_0000)
    }

    @Test func aCompatTasksSummaryIsMeasuredAgainstFourGiB() throws {
        let regions = try FixtureFiles.regions("malloc32-compat", executable: Self.compat)
        let summary = AddressSpaceSummary(regions: regions, limit: AddressSpaceLimit.thirtyTwoBit)
        #expect(summary.limit == 1 << 32)
        #expect(summary.layoutStyle == .topDown)
        #expect(summary.heapMmapGap == 0x673b_c000..<0xb7a0_0000)
        // Without the fact, the layout alone reads as a 64-bit space.
        #expect(AddressSpaceSummary(regions: regions).limit == 1 << 47)
    }

    /// A static compat binary mapping from a third of 4 GiB up is a legacy layout; measured
    /// against 47 bits its mapping would read as top-down.
    @Test func legacyCompatLayoutIsRecognised() {
        let regions = RegionClassifier.classify([
            Region(start: 0x0804_8000, end: 0x080f_0000, permissions: Permissions("r-xp")!, inode: 5, pathname: "/bin/static32"),
            Region(start: 0x080f_0000, end: 0x080f_3000, permissions: Permissions("rw-p")!, inode: 5, pathname: "/bin/static32"),
            Region(start: 0x0900_0000, end: 0x0902_1000, permissions: Permissions("rw-p")!, pathname: "[heap]"),
            Region(start: 0x5556_0000, end: 0x5558_1000, permissions: Permissions("rw-p")!),
            Region(start: 0xfffd_d000, end: 0xffff_e000, permissions: Permissions("rw-p")!, pathname: "[stack]"),
        ], executablePath: "/bin/static32")
        #expect(AddressSpaceSummary(regions: regions, limit: AddressSpaceLimit.thirtyTwoBit).layoutStyle == .bottomUp)
        #expect(AddressSpaceSummary(regions: regions).layoutStyle == .topDown)
    }
}
