import Testing
@testable import VMScopeCore

/// Events applied to a snapshot must give exactly the next snapshot, and a timeline reconciling
/// against that snapshot must find nothing unexplained.
@Suite struct TimelineEditorTests {
    typealias F = TimelineFixture

    /// Applies `kinds` to `before` and checks the result is `after`, directly and via Timeline.
    func check(_ before: [Region], _ kinds: [MemoryEventKind], _ after: [Region],
               sourceLocation: SourceLocation = #_sourceLocation) {
        let result = F.applying(kinds, to: before)
        #expect(AddressSpaceEditor.sameLayout(result, after),
                "got\n\(F.describe(result))\nexpected\n\(F.describe(after))",
                sourceLocation: sourceLocation)
        #expect(zip(result, result.dropFirst()).allSatisfy { $0.end <= $1.start },
                "not sorted/non-overlapping", sourceLocation: sourceLocation)

        let timeline = Timeline(pid: 42)
        timeline.ingest(snapshot: F.snapshot(100, before))
        for (index, kind) in kinds.enumerated() {
            timeline.apply(F.event(110 + UInt64(index), kind))
        }
        let report = timeline.ingest(snapshot: F.snapshot(200, after))
        #expect(report?.unexplainedCount == 0, "\(report?.unexplained ?? [])",
                sourceLocation: sourceLocation)
        #expect(report?.expected.isEmpty == true, sourceLocation: sourceLocation)
        #expect(report?.eventsApplied == kinds.filter(AddressSpaceEditor.changesLayout).count,
                sourceLocation: sourceLocation)
    }

    @Test func heapGrowsToThePageAboveTheBreak() {
        let after = F.replacing(0x100_0000, in: F.program, with: [F.heap(0x100_0000, 0x103_1000)])
        check(F.program, [.brk(oldBreak: 0x102_1000, newBreak: 0x103_0123, requested: 0x103_0123)], after)
    }

    @Test func heapShrinks() {
        let after = F.replacing(0x100_0000, in: F.program, with: [F.heap(0x100_0000, 0x101_0000)])
        check(F.program, [.brk(oldBreak: 0x102_1000, newBreak: 0x100_f800, requested: 0x100_f800)], after)
    }

    @Test func heapIsCreatedAtTheAlignedOldBreak() {
        let without = F.program.filter { $0.pathname != "[heap]" }
        let after = F.replacing(0, in: without, with: [F.heap(0x100_1000, 0x102_2000)])
        check(without, [.brk(oldBreak: 0x100_0010, newBreak: 0x102_1010, requested: 0x102_1010)], after)
    }

    @Test func heapShrunkToNothingIsRemovedAndComesBackAtItsStart() {
        let without = F.program.filter { $0.pathname != "[heap]" }
        check(F.program, [.brk(oldBreak: 0x102_1000, newBreak: 0x100_0000, requested: 0x100_0000)], without)
        check(F.program, [
            .brk(oldBreak: 0x102_1000, newBreak: 0x100_0000, requested: 0x100_0000),
            .brk(oldBreak: 0x100_0000, newBreak: 0x100_2000, requested: 0x100_2000),
        ], F.replacing(0x100_0000, in: F.program, with: [F.heap(0x100_0000, 0x100_2000)]))
    }

    @Test func brkThatDidNotMoveChangesNothing() {
        check(F.program, [.brk(oldBreak: 0x102_1000, newBreak: 0x102_1000, requested: 0)], F.program)
    }

    @Test func mmapIntoAGapRoundsTheLengthUpToPages() {
        let after = F.replacing(0, in: F.program, with: [F.anon(0x7f00_0005_0000, 0x7f00_0005_3000)])
        check(F.program, [.mmap(address: 0x7f00_0005_0000, length: 0x2001, protection: F.rw,
                                flags: F.anonRW, fd: -1, offset: 0, file: nil)], after)
    }

    @Test func fileMmapKeepsPathAndOffset() {
        let after = F.replacing(0, in: F.program, with: [
            F.file(0x7f00_0020_0000, 0x7f00_0020_2000, "r--s", "/data/db", offset: 0x8000),
        ])
        check(F.program, [.mmap(address: 0x7f00_0020_0000, length: 0x2000, protection: .read,
                                flags: .shared, fd: 3, offset: 0x8000, file: MappedFile(path: "/data/db"))], after)
    }

    @Test func fixedMmapOverTheMiddleOfARegionSplitsIt() {
        let after = F.replacing(0x7f00_0000_0000, in: F.program, with: [
            F.anon(0x7f00_0000_0000, 0x7f00_0000_4000),
            F.file(0x7f00_0000_4000, 0x7f00_0000_6000, "r--p", "/etc/locale", offset: 0),
            F.anon(0x7f00_0000_6000, 0x7f00_0001_0000),
        ])
        check(F.program, [.mmap(address: 0x7f00_0000_4000, length: 0x2000, protection: .read,
                                flags: [.private, .fixed], fd: 4, offset: 0, file: MappedFile(path: "/etc/locale"))], after)
    }

    @Test func fixedMmapAcrossSeveralRegionsReplacesAllOfThem() {
        // Over the end of libc's text, all of its data and into the gap after it.
        let after = F.replacing(0x7f00_0010_0000, in: F.program, with: [
            F.file(0x7f00_0010_0000, 0x7f00_0010_2000, "r-xp", "/usr/lib/libc.so.6", offset: 0, inode: 20),
            F.anon(0x7f00_0010_2000, 0x7f00_0010_8000, "---p"),
        ]).filter { $0.start != 0x7f00_0010_4000 }
        check(F.program, [.mmap(address: 0x7f00_0010_2000, length: 0x6000, protection: [],
                                flags: [.private, .anonymous, .fixed], fd: -1, offset: 0, file: nil)], after)
    }

    @Test func munmapInTheMiddleSplitsARegion() {
        let after = F.replacing(0x7f00_0000_0000, in: F.program, with: [
            F.anon(0x7f00_0000_0000, 0x7f00_0000_4000),
            F.anon(0x7f00_0000_5000, 0x7f00_0001_0000),
        ])
        check(F.program, [.munmap(address: 0x7f00_0000_4000, length: 0x1000)], after)
    }

    @Test func munmapOfAFileRegionsTailKeepsTheHeadsOffset() {
        let after = F.replacing(0x40_1000, in: F.program, with: [
            F.file(0x40_1000, 0x40_2000, "r-xp", "/usr/bin/prog", offset: 0x1000, inode: 10),
        ])
        check(F.program, [.munmap(address: 0x40_2000, length: 0x800)], after)
    }

    @Test func mprotectInTheMiddleSplitsARegion() {
        let after = F.replacing(0x7f00_0000_0000, in: F.program, with: [
            F.anon(0x7f00_0000_0000, 0x7f00_0000_4000),
            F.anon(0x7f00_0000_4000, 0x7f00_0000_6000, "r--p"),
            F.anon(0x7f00_0000_6000, 0x7f00_0001_0000),
        ])
        check(F.program, [.mprotect(address: 0x7f00_0000_4000, length: 0x1800, protection: .read)], after)
    }

    @Test func mprotectAcrossFileRegionsKeepsOffsets() {
        // RELRO: ld.so makes the start of a data segment read-only.
        let after = F.replacing(0x7f00_0010_4000, in: F.program, with: []) + [
            F.file(0x7f00_0010_4000, 0x7f00_0010_5000, "r--p", "/usr/lib/libc.so.6", offset: 0x4000, inode: 20),
        ]
        check(F.program, [.mprotect(address: 0x7f00_0010_4000, length: 0x1000, protection: .read)],
              after.sorted { $0.start < $1.start })
    }

    @Test func mremapGrowsAndShrinksInPlace() {
        let grown = F.replacing(0x7f00_0000_0000, in: F.program, with: [F.anon(0x7f00_0000_0000, 0x7f00_0002_0000)])
        check(F.program, [.mremap(oldAddress: 0x7f00_0000_0000, oldLength: 0x10000,
                                  newAddress: 0x7f00_0000_0000, newLength: 0x20000, flags: 1)], grown)
        let shrunk = F.replacing(0x7f00_0000_0000, in: F.program, with: [F.anon(0x7f00_0000_0000, 0x7f00_0000_3000)])
        check(F.program, [.mremap(oldAddress: 0x7f00_0000_0000, oldLength: 0x10000,
                                  newAddress: 0x7f00_0000_0000, newLength: 0x2800, flags: 0)], shrunk)
    }

    @Test func mremapGrowingAFileMappingContinuesItsOffset() {
        let after = F.replacing(0x7f00_0010_4000, in: F.program, with: [
            F.file(0x7f00_0010_4000, 0x7f00_0010_6000, "rw-p", "/usr/lib/libc.so.6", offset: 0x4000, inode: 20),
        ])
        check(F.program, [.mremap(oldAddress: 0x7f00_0010_4000, oldLength: 0x1000,
                                  newAddress: 0x7f00_0010_4000, newLength: 0x2000, flags: 0)], after)
    }

    @Test func mremapMovesTheMappingAndItsAttributes() {
        let after = F.replacing(0x7f00_0010_0000, in: F.program, with: [
            F.file(0x7f00_0010_0000, 0x7f00_0010_1000, "r-xp", "/usr/lib/libc.so.6", offset: 0, inode: 20),
            F.file(0x7f00_0030_0000, 0x7f00_0030_5000, "r-xp", "/usr/lib/libc.so.6", offset: 0x1000, inode: 20),
        ])
        // Moves pages 1-3 of libc's text and grows them by two pages on the way.
        check(F.program, [.mremap(oldAddress: 0x7f00_0010_1000, oldLength: 0x3000,
                                  newAddress: 0x7f00_0030_0000, newLength: 0x5000, flags: 3)], after)
    }

    @Test func mremapMoveOfAWholeAnonymousRegion() {
        let after = F.replacing(0x7f00_0000_0000, in: F.program, with: [F.anon(0x7f00_0040_0000, 0x7f00_0042_0000)])
        check(F.program, [.mremap(oldAddress: 0x7f00_0000_0000, oldLength: 0x10000,
                                  newAddress: 0x7f00_0040_0000, newLength: 0x20000, flags: 1)], after)
    }

    @Test func mremapWithDontUnmapKeepsTheOldRange() {
        let after = F.replacing(0, in: F.program, with: [F.anon(0x7f00_0040_0000, 0x7f00_0041_0000)])
        check(F.program, [.mremap(oldAddress: 0x7f00_0000_0000, oldLength: 0x10000,
                                  newAddress: 0x7f00_0040_0000, newLength: 0x10000, flags: 1 | 4)], after)
    }

    @Test func mremapWithZeroOldLengthDuplicatesASharedMapping() {
        let shared = F.file(0x7f00_0050_0000, 0x7f00_0050_4000, "rw-s", "/dev/shm/ring", offset: 0)
        let before = F.replacing(0, in: F.program, with: [shared])
        let after = F.replacing(0, in: before, with: [
            F.file(0x7f00_0060_0000, 0x7f00_0060_4000, "rw-s", "/dev/shm/ring", offset: 0),
        ])
        check(before, [.mremap(oldAddress: 0x7f00_0050_0000, oldLength: 0,
                               newAddress: 0x7f00_0060_0000, newLength: 0x4000, flags: 1)], after)
    }

    @Test func eventsThatChangeNoLayoutLeaveItAlone() {
        check(F.program, [
            .pageFault(address: 0x100_0010, errorCode: 6),
            .faultCounts(bucketAddress: 0x100_0000, bucketSize: 0x1000, count: 9),
            .failed(syscall: .mmap, errno: 12, address: 0, length: 1 << 40),
            .fork(childPid: 43, isThread: true),
        ], F.program)
    }

    @Test func execEmptiesTheLayout() {
        let result = F.applying([.exec(filename: "/bin/true")], to: F.program)
        #expect(result.isEmpty)
    }

    @Test func lookupsUseTheSortedLayout() {
        let editor = AddressSpaceEditor(regions: F.program)
        #expect(editor.region(containing: 0x40_1fff)?.offset == 0x1000)
        #expect(editor.region(containing: 0x40_4000) == nil)
        #expect(editor.heapExtent() == 0x100_0000..<0x102_1000)
        #expect(editor.heapExtent(near: 0x102_0ff0) == 0x100_0000..<0x102_1000)
        #expect(AddressSpaceEditor.pageAlignUp(0) == 0)
        #expect(AddressSpaceEditor.pageAlignUp(1) == 0x1000)
        #expect(AddressSpaceEditor.pageAlignUp(.max) == 0xffff_ffff_ffff_f000)
    }

    @Test func normalisationMergesOnlyWhatTheKernelWould() {
        let regions = [
            F.anon(0x1000, 0x2000), F.anon(0x2000, 0x3000),                         // merge
            F.anon(0x3000, 0x4000, "r--p"),                                         // perms differ
            F.file(0x4000, 0x5000, "r--p", "/a", offset: 0, inode: 1),
            F.file(0x5000, 0x6000, "r--p", "/a", offset: 0x1000),                   // merge: inode unknown
            F.file(0x6000, 0x7000, "r--p", "/a", offset: 0x3000, inode: 1),         // offset jumps
            F.file(0x7000, 0x8000, "r--p", "/b", offset: 0x4000, inode: 2),         // other file
        ]
        let normalised = AddressSpaceEditor.normalized(regions)
        #expect(normalised.map(\.start) == [0x1000, 0x3000, 0x4000, 0x6000, 0x7000])
        #expect(normalised[2].end == 0x6000 && normalised[2].inode == 1)
    }
}
