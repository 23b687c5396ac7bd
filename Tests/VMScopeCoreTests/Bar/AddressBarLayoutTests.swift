import Testing
import VMScopeCore

@Suite struct AddressBarLayoutTests {
    static let modes: [ScaleMode] = [.compressed, .logarithmic, .linear(window: AddressSpaceLimit.window(AddressSpaceLimit.fourLevel)),
                                     .linear(window: 0...UInt64.max), .linear(window: 0x7f00_0000_0000...0x7f00_0000_ffff)]

    private func region(_ start: UInt64, _ end: UInt64, _ kind: RegionKind, _ perms: String = "rw-p") -> Region {
        Region(start: start, end: end, permissions: Permissions(perms)!, kind: kind)
    }

    private func checkInvariants(_ layout: AddressBarLayout, width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(layout.columns.count == max(0, width), sourceLocation: sourceLocation)
        for (a, b) in zip(layout.columns, layout.columns.dropFirst()) {
            #expect(a.addresses.upperBound == b.addresses.lowerBound, "columns are contiguous", sourceLocation: sourceLocation)
        }
        for gap in layout.gapLabels {
            #expect(!gap.columns.isEmpty && gap.columns.lowerBound >= 0 && gap.columns.upperBound <= width,
                    sourceLocation: sourceLocation)
        }
        #expect(layout.text().count == max(0, width), sourceLocation: sourceLocation)
        #expect(layout.labelLine().count == max(0, width), sourceLocation: sourceLocation)
    }

    @Test(arguments: [0, 1, 2, 3, 7, 40, 80, 233])
    func everyModeFillsExactlyTheWidth(width: Int) throws {
        let regions = try FixtureFiles.regions("python-threads", executable: RegionClassifierTests.python)
        let gap = AddressSpaceSummary(regions: regions).heapMmapGap
        for mode in Self.modes {
            checkInvariants(AddressBarLayout(regions: regions, width: width, mode: mode, heapMmapGap: gap), width: width)
        }
    }

    @Test func sixtyFiveThousandRegions() {
        var regions: [Region] = []
        regions.reserveCapacity(65_000)
        var address: UInt64 = 0x5555_0000_0000
        let kinds = RegionKind.allCases
        for i in 0..<65_000 {
            let size: UInt64 = UInt64(1 + i % 7) << 12
            regions.append(region(address, address + size, kinds[i % kinds.count]))
            // Mostly touching, sometimes small gaps, now and then a huge one.
            address += size + (i % 5 == 0 ? 0x1000 : 0) + (i % 9_999 == 0 ? 1 << 36 : 0)
        }
        regions.append(region(0xffff_ffff_ff60_0000, 0xffff_ffff_ff60_1000, .vsyscall, "--xp"))
        let clock = ContinuousClock()
        for width in [1, 2, 80, 300] {
            for mode in Self.modes {
                var layout: AddressBarLayout?
                let elapsed = clock.measure {
                    layout = AddressBarLayout(regions: regions, width: width, mode: mode, heapMmapGap: nil)
                }
                checkInvariants(layout!, width: width)
                if width == 80 { print("AddressBarLayout: 65001 regions, \(mode.label), width 80: \(elapsed)") }
            }
        }
    }

    @Test func dominantKindPerColumnInLinearMode() {
        let regions = [
            region(0x0000, 0x1000, .text, "r-xp"),
            region(0x1000, 0x1c00, .heap),       // 3/4 of column 1; the rest unmapped
            region(0x3000, 0x4000, .stack),
        ]
        let layout = AddressBarLayout(regions: regions, width: 4, mode: .linear(window: 0...0x3fff))
        #expect(layout.text() == "TH.S")
        #expect(layout.columns.map(\.addresses) == [0..<0x1000, 0x1000..<0x2000, 0x2000..<0x3000, 0x3000..<0x4000])
        #expect(layout.columns.map(\.regionIndex) == [0, 1, nil, 2])
        #expect(layout.column(containing: 0x1bff) == 1)
        #expect(layout.column(containing: 0x4000) == nil)
    }

    @Test func compressedGivesEveryClusterAColumnAndLabelsBreaks() {
        let gib: UInt64 = 1 << 30
        let regions = [
            region(0x40_0000, 0x40_1000, .text, "r-xp"),                    // one page
            region(0x100_0000_0000, 0x100_0000_0000 + gib, .anonymous),     // 1 GiB
            region(0x200_0000_0000, 0x200_0000_1000, .guardPage, "---p"),   // one page
            region(0x7ffd_0000_0000, 0x7ffd_0002_1000, .stack),
        ]
        let layout = AddressBarLayout(regions: regions, width: 40, mode: .compressed)
        let text = layout.text()
        for symbol in ["T", "a", "-", "S"] { #expect(text.contains(symbol), "\(text)") }
        #expect(layout.gapLabels.count == 3)
        #expect(layout.gapLabels.allSatisfy { $0.columns.count == 2 })   // width ≥ 40: two-column breaks
        #expect(text.filter { $0 == "|" }.count == 6)
        #expect(text.filter { $0 == "a" }.count > 30)   // mapped space shares the rest by size
    }

    @Test func heapMmapGapIsAlwaysABreakEvenWhenSmall() {
        // A 64 KiB gap: far below the compression threshold, but it is the heap↔mmap gap.
        let regions = [
            region(0x1000_0000, 0x1010_0000, .heap),
            region(0x1011_0000, 0x1021_0000, .anonymous),
        ]
        let gap: Range<UInt64> = 0x1010_0000..<0x1011_0000
        let layout = AddressBarLayout(regions: regions, width: 20, mode: .compressed, heapMmapGap: gap)
        #expect(layout.gapLabels.count == 1)
        let label = try! #require(layout.gapLabels.first)
        #expect(label.isHeapMmapGap && label.size == 0x1_0000)
        #expect(layout.text().contains("|"))
        #expect(layout.labelLine().contains("64 KiB"))
        for mode in [ScaleMode.logarithmic, .linear(window: 0x1000_0000...0x1021_0000 - 1)] {
            let other = AddressBarLayout(regions: regions, width: 20, mode: mode, heapMmapGap: gap)
            #expect(other.gapLabels.contains { $0.isHeapMmapGap }, "\(mode)")
        }
    }

    @Test func heapMmapGapLabelledOnRealMaps() throws {
        let regions = try FixtureFiles.regions("python-threads", executable: RegionClassifierTests.python)
        let snapshot = AddressSpaceSnapshot(timestamp: 0, pid: 1, regions: regions)
        for width in [10, 80] {
            for mode in [ScaleMode.compressed, .logarithmic, .linear(window: AddressSpaceLimit.window(AddressSpaceLimit.fourLevel))] {
                let layout = AddressBarLayout(snapshot: snapshot, width: width, mode: mode)
                let label = layout.gapLabels.first { $0.isHeapMmapGap }
                #expect(label?.addresses == 0x5557_5e77_0000..<0x7f2c_b400_0000, "\(mode) \(width)")
            }
        }
        let layout = AddressBarLayout(snapshot: snapshot, width: 80, mode: .compressed)
        #expect(layout.labelLine().contains("42 TiB"))
    }

    @Test func logarithmicWidthsFollowLog2OfSize() {
        // 4 KiB weighs 1, 8 MiB weighs 12: 13 columns split 1 + 12.
        let regions = [region(0x10_0000, 0x10_1000, .guardPage, "---p"), region(0x10_1000, 0x90_1000, .threadStack)]
        let layout = AddressBarLayout(regions: regions, width: 13, mode: .logarithmic)
        #expect(layout.text() == "-ssssssssssss")
    }

    @Test func widthOneShowsTheDominantKind() {
        let regions = [region(0x1000, 0x2000, .text, "r-xp"), region(0x2000, 0x10_0000, .heap)]
        for mode in [ScaleMode.compressed, .logarithmic] {
            let layout = AddressBarLayout(regions: regions, width: 1, mode: mode)
            #expect(layout.text() == "H")
            #expect(layout.columns[0].addresses == 0x1000..<0x10_0000)
        }
    }

    @Test func emptyAddressSpace() {
        for mode in Self.modes {
            let layout = AddressBarLayout(regions: [], width: 5, mode: mode)
            #expect(layout.columns.count == 5)
            #expect(layout.text() == ".....")
        }
    }

    @Test func legendNamesEverySymbol() {
        var symbols = Set(RegionKind.allCases.map { AddressBarLayout.symbol(for: .region($0)) })
        symbols.insert(AddressBarLayout.symbol(for: .unmapped))
        symbols.insert(AddressBarLayout.symbol(for: .gapBreak))
        for symbol in symbols { #expect(AddressBarLayout.legend.contains("\(symbol) "), "\(symbol)") }
    }
}
