import Testing
@testable import VMScopeCore

@Suite struct ConvergenceForecastTests {
    @Test func forecastOnlyWhileClosing() {
        let mib = Double(1 << 20)
        #expect(ConvergenceForecast.secondsToMeet(gap: 40 << 20, bytesPerSecond: -10 * mib) == 4)
        #expect(ConvergenceForecast.description(gap: 40 << 20, bytesPerSecond: -10 * mib) == "meet in ~4 s at this rate")
        #expect(ConvergenceForecast.description(gap: 40 << 20, bytesPerSecond: 10 * mib) == nil)
        #expect(ConvergenceForecast.description(gap: 40 << 20, bytesPerSecond: 0) == nil)
        #expect(ConvergenceForecast.description(gap: 40 << 20, bytesPerSecond: .nan) == nil)
        #expect(ConvergenceForecast.description(gap: 40 << 20, bytesPerSecond: -.infinity) == nil)
    }

    @Test(arguments: [(0.4, "<1 s"), (4.4, "~4 s"), (89.0, "~89 s"), (600.0, "~10 min"), (7200.0, "~2 h"),
                      (3 * 86_400.0, "~3 days"), (400 * 86_400.0, "years")] as [(Double, String)])
    func durationsAreRoughOnPurpose(seconds: Double, text: String) {
        #expect(ConvergenceForecast.approximate(seconds) == text)
    }

    @Test func trendWords() {
        #expect(ConvergenceForecast.trend(bytesPerSecond: -1_258_291) == "closing 1.2 MiB/s")
        #expect(ConvergenceForecast.trend(bytesPerSecond: 4096) == "opening 4.0 KiB/s")
        #expect(ConvergenceForecast.trend(bytesPerSecond: 0.5) == "steady")
    }
}

@Suite struct ConvergenceGaugeTests {
    static let mib: UInt64 = 1 << 20

    /// Program, a heap of `heap` bytes, an anonymous mapping `gap` above it, a library and the
    /// stack near the top of 47-bit space.
    static func regions(heap: UInt64, gap: UInt64) -> [Region] {
        let heapStart: UInt64 = 0x5555_5555_9000
        return RegionClassifier.classify([
            Region(start: 0x5555_5555_4000, end: 0x5555_5555_9000, permissions: Permissions("r-xp")!, inode: 3, pathname: "/bin/x"),
            Region(start: heapStart, end: heapStart + heap, permissions: Permissions("rw-p")!, pathname: "[heap]"),
            Region(start: heapStart + heap + gap, end: heapStart + heap + gap + 64 * mib, permissions: Permissions("rw-p")!),
            Region(start: 0x7f00_0000_0000, end: 0x7f00_0020_0000, permissions: Permissions("r-xp")!, inode: 4,
                   pathname: "/usr/lib/ld-linux-x86-64.so.2"),
            Region(start: 0x7ffd_0000_0000, end: 0x7ffd_0002_1000, permissions: Permissions("rw-p")!, pathname: "[stack]"),
        ], executablePath: "/bin/x")
    }

    static func gauge(heap: UInt64 = 48 * mib, gap: UInt64, width: Int = 60) throws -> ConvergenceGauge {
        try #require(ConvergenceGauge(summary: AddressSpaceSummary(regions: regions(heap: heap, gap: gap)), width: width))
    }

    @Test func theSidesAndTheGapFillTheWidth() throws {
        for gap: UInt64 in [4096, 1 << 20, 300 << 20, 1 << 40, 40 << 40] {
            let g = try Self.gauge(gap: gap)
            #expect(g.lower.columns.lowerBound == 0)
            #expect(g.lower.columns.upperBound == g.gapColumns.lowerBound)
            #expect(g.gapColumns.upperBound == g.upper.columns.lowerBound)
            #expect(g.upper.columns.upperBound == 60)
            #expect(!g.lower.columns.isEmpty && !g.upper.columns.isEmpty)
            #expect(g.lower.kind == .heap && g.upper.kind == .mmap)
        }
    }

    /// Log scale: each halving takes about the same columns away, and a page-sized gap is gone.
    @Test func theGapShrinksByLogSteps() throws {
        let widths = try [40 << 40, 40 << 30, 40 << 20, 40 << 10].map { try Self.gauge(gap: UInt64($0)).gapColumns.count }
        #expect(widths == widths.sorted(by: >))
        let steps = zip(widths, widths.dropFirst()).map { $0 - $1 }
        #expect(steps.allSatisfy { (8...11).contains($0) }, "\(widths)")
        #expect(try Self.gauge(gap: 4096).gapColumns.isEmpty)
        // A gap as large as the space takes at most gapShare of the gauge.
        #expect(try Self.gauge(gap: 40 << 40).gapColumns.count <= Int(60 * ConvergenceGauge.gapShare))
    }

    @Test func theSidesAreStartBrkToBreakAndTheMmapArea() throws {
        let g = try Self.gauge(heap: 48 * Self.mib, gap: 300 * Self.mib)
        #expect(g.lower.range == 0x5555_5555_9000..<(0x5555_5555_9000 + 48 * Self.mib))
        #expect(g.upper.range.lowerBound == 0x5555_5555_9000 + 348 * Self.mib)
        #expect(g.gapSize == 300 * Self.mib)
    }

    /// Legacy: the mmap area grows up toward the program, so it is the lower side.
    @Test func legacyLayoutPutsTheMmapAreaBelow() throws {
        let regions = RegionClassifier.classify([
            Region(start: 0x2aaa_aaab_0000, end: 0x2aaa_aaad_0000, permissions: Permissions("r-xp")!, inode: 4,
                   pathname: "/usr/lib/ld-linux-x86-64.so.2"),
            Region(start: 0x2aaa_aaad_0000, end: 0x2aaa_ab0d_0000, permissions: Permissions("rw-p")!),
            Region(start: 0x5555_5555_4000, end: 0x5555_5555_9000, permissions: Permissions("r-xp")!, inode: 3, pathname: "/bin/x"),
            Region(start: 0x5555_5555_9000, end: 0x5555_5565_9000, permissions: Permissions("rw-p")!, pathname: "[heap]"),
            Region(start: 0x7ffd_0000_0000, end: 0x7ffd_0002_1000, permissions: Permissions("rw-p")!, pathname: "[stack]"),
        ], executablePath: "/bin/x")
        let g = try #require(ConvergenceGauge(summary: AddressSpaceSummary(regions: regions), width: 40))
        #expect(g.lower.kind == .mmap && g.upper.kind == .program)
        #expect(g.upper.range == 0x5555_5555_4000..<0x5555_5565_9000)
    }

    /// A compat task's 2.4 GiB gap is most of its 4 GiB: drawn against 4 GiB, not 128 TiB.
    @Test func aCompatGapIsMeasuredAgainstItsOwnSpace() throws {
        let heapStart: UInt64 = 0x5739_a000
        let regions = RegionClassifier.classify([
            Region(start: 0x5655_5000, end: 0x5655_6000, permissions: Permissions("r-xp")!, inode: 3, pathname: "/bin/x32"),
            Region(start: heapStart, end: heapStart + 16 * Self.mib, permissions: Permissions("rw-p")!, pathname: "[heap]"),
            Region(start: 0xf7c0_0000, end: 0xf7e0_0000, permissions: Permissions("r-xp")!, inode: 4, pathname: "/usr/lib32/libc.so.6"),
            Region(start: 0xfffd_d000, end: 0xffff_e000, permissions: Permissions("rw-p")!, pathname: "[stack]"),
        ], executablePath: "/bin/x32")
        let summary = AddressSpaceSummary(regions: regions, limit: AddressSpaceLimit.thirtyTwoBit)
        let compat = try #require(ConvergenceGauge(summary: summary, width: 60))
        var as64 = summary
        as64.limit = AddressSpaceLimit.fourLevel
        let wide = try #require(ConvergenceGauge(summary: as64, width: 60))
        #expect(compat.limit == AddressSpaceLimit.thirtyTwoBit)
        #expect(compat.gapColumns.count > wide.gapColumns.count + 10)
    }

    @Test func noGaugeWithoutAGap() {
        #expect(ConvergenceGauge(summary: AddressSpaceSummary(regions: []), width: 60) == nil)
        #expect(ConvergenceGauge(summary: AddressSpaceSummary(regions: Self.regions(heap: 4096, gap: 0)), width: 60) == nil)
    }
}
