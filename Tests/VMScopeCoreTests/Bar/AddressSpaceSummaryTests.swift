import Testing
import VMScopeCore

@Suite struct AddressSpaceSummaryTests {
    @Test func topDownPython() throws {
        let s = AddressSpaceSummary(regions: try FixtureFiles.regions("python-threads", executable: RegionClassifierTests.python))
        #expect(s.layoutStyle == .topDown)
        #expect(s.program == 0x5557_55d7_f000..<0x5557_55d8_4000)
        #expect(s.heap == 0x5557_5e5c_0000..<0x5557_5e77_0000)
        #expect(s.mmapArea == 0x7f2c_b400_0000..<0x7f2c_c422_b000)   // lowest arena .. ld.so's end
        #expect(s.heapMmapGap == 0x5557_5e77_0000..<0x7f2c_b400_0000)
        #expect(s.heapMmapGapSize == 0x7f2c_b400_0000 - 0x5557_5e77_0000)
        #expect(s.stack == 0x7ffe_2a4b_5000..<0x7ffe_2a4d_6000)
        #expect(s.countByKind[.threadStack] == 3)
        #expect(s.bytesByKind[.threadStack] == 3 * 8 * 1024 * 1024)
        #expect(s.regionCount == 138)
        #expect(s.countByKind[.vsyscall] == 1)
    }

    @Test func totalExcludesVsyscall() throws {
        let regions = try FixtureFiles.regions("cat-self", executable: "/usr/bin/cat")
        let s = AddressSpaceSummary(regions: regions)
        let all = regions.reduce(UInt64(0)) { $0 + $1.size }
        #expect(s.totalVirtualSize == all - 0x1000)
        #expect(s.layoutStyle == .topDown)
    }

    @Test func legacyLayoutFromSetarch() throws {
        let s = AddressSpaceSummary(regions: try FixtureFiles.regions("python-setarch-legacy", executable: RegionClassifierTests.python))
        #expect(s.layoutStyle == .bottomUp)
        let area = try #require(s.mmapArea)
        let program = try #require(s.program)
        #expect(area.lowerBound == 0x2b6e_0277_3000)   // ld.so, the first mapping, at the bottom
        #expect(area.upperBound <= program.lowerBound)
        #expect(s.heapMmapGap == area.upperBound..<program.lowerBound)
    }

    /// `ulimit -s unlimited` on this kernel: still top-down, but mmap_base near 1/6 of the space,
    /// below the program. The address alone would not say which.
    @Test func unlimitedStackStaysTopDown() throws {
        let s = AddressSpaceSummary(regions: try FixtureFiles.regions("python-unlimited-stack", executable: RegionClassifierTests.python))
        #expect(s.layoutStyle == .topDown)
        let area = try #require(s.mmapArea)
        #expect(area.lowerBound == 0x14d0_5000_0000)
        #expect(area.upperBound < 0x5593_cd1e_6000)
    }

    @Test func staticBinaryFallsBackToTheAddress() {
        func regions(mmapAt base: UInt64) -> [Region] {
            RegionClassifier.classify([
                Region(start: 0x40_0000, end: 0x45_0000, permissions: Permissions("r-xp")!, inode: 5, pathname: "/bin/static"),
                Region(start: 0x65_0000, end: 0x65_3000, permissions: Permissions("rw-p")!, inode: 5, pathname: "/bin/static"),
                Region(start: 0x65_3000, end: 0x67_0000, permissions: Permissions("rw-p")!, pathname: "[heap]"),
                Region(start: base, end: base + 0x21000, permissions: Permissions("rw-p")!),
                Region(start: 0x7ffd_0000_0000, end: 0x7ffd_0002_1000, permissions: Permissions("rw-p")!, pathname: "[stack]"),
            ], executablePath: "/bin/static")
        }
        let legacy = AddressSpaceSummary(regions: regions(mmapAt: 0x2aab_1234_5000))
        #expect(legacy.layoutStyle == .bottomUp)
        #expect(legacy.heapMmapGap == 0x67_0000..<0x2aab_1234_5000)
        #expect(AddressSpaceSummary(regions: regions(mmapAt: 0x7f12_3456_7000)).layoutStyle == .topDown)
    }

    @Test func emptyAddressSpace() {
        let s = AddressSpaceSummary(regions: [])
        #expect(s.layoutStyle == .unknown)
        #expect(s.mmapArea == nil && s.heapMmapGap == nil && s.heapMmapGapSize == 0)
        #expect(s.totalVirtualSize == 0)
    }

    @Test func noHeapMeasuresFromTheProgramEnd() throws {
        let regions = try FixtureFiles.regions("python-threads", executable: RegionClassifierTests.python)
            .filter { $0.kind != .heap }
        let s = AddressSpaceSummary(regions: regions)
        #expect(s.heap == nil)
        #expect(s.heapMmapGap?.lowerBound == 0x5557_55d8_4000)
    }
}
