import Testing
@testable import VMScopeCore

/// maps is produced in several read() calls while the process runs; these are the shapes a
/// race can leave behind, and what `SnapshotReader.normalize` makes of them.
@Suite struct SnapshotNormalizationTests {
    private func region(_ start: UInt64, _ end: UInt64) -> Region {
        Region(start: start, end: end, permissions: Permissions("rw-p")!)
    }

    @Test func overlapIsTrimmedAndCoveredLinesDropped() {
        var regions = [region(0x1000, 0x3000), region(0x2000, 0x5000), region(0x2800, 0x4000), region(0x6000, 0x7000)]
        SnapshotReader.normalize(&regions)
        #expect(regions.map { $0.start..<$0.end } == [0x1000..<0x3000, 0x3000..<0x5000, 0x6000..<0x7000])
    }

    @Test func outOfOrderLinesAreSorted() {
        var regions = [region(0x6000, 0x7000), region(0x1000, 0x2000)]
        SnapshotReader.normalize(&regions)
        #expect(regions.map(\.start) == [0x1000, 0x6000])
    }
}
