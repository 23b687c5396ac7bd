import Testing
@testable import VMScopeCore

/// The moments the heap and the mmap area meet, judged on a 32-bit process's layout like the
/// one `malloc` until failure leaves (PIE at 0x56615000, heap above it, mappings filled down to
/// the heap).
@Suite struct CollisionDetectorTests {
    typealias F = TimelineFixture
    static let exe = "/tmp/ex"
    static let mib: UInt64 = 1 << 20

    /// The image, the heap, one 64 MiB block filled down to 2.2 MiB above the heap, libc, the stack.
    static let layout: [Region] = RegionClassifier.classify([
        F.file(0x5661_5000, 0x5661_6000, "r--p", exe, offset: 0, inode: 7),
        F.file(0x5661_6000, 0x5661_7000, "r-xp", exe, offset: 0x1000, inode: 7),
        F.file(0x5661_9000, 0x5661_a000, "rw-p", exe, offset: 0x3000, inode: 7),
        F.heap(0x57af_4000, 0x57b1_6000),
        F.anon(0x57d4_a000, 0xf7d7_2000),
        F.file(0xf7d7_2000, 0xf7d9_4000, "r--p", "/usr/lib32/libc.so.6", offset: 0, inode: 9),
        F.stack(0xffb7_e000, 0xffb9_f000),
    ], executablePath: exe)

    let detector = CollisionDetector(classifiedRegions: layout)

    @Test func landmarksComeFromTheClassifiedLayout() {
        #expect(detector.imageRange == 0x5661_5000..<0x5661_a000)
        #expect(detector.heapStart == 0x57af_4000)
    }

    @Test func aBrkRefusedByTheMappingAboveTheHeapNamesIt() throws {
        let collision = try #require(detector.inspect(.failed(syscall: .brk, errno: 12, address: 0x5bb1_6000, length: 0),
                                                      before: Self.layout, currentBreak: 0x57b1_6000))
        guard case let .brkRefused(requested, blockedBy) = collision.kind else {
            Issue.record("not a refused brk: \(collision)")
            return
        }
        #expect(requested == 0x5bb1_6000)
        #expect(blockedBy.start == 0x57d4_a000)
        #expect(collision.range == 0x57b1_6000..<0x5bb1_6000)
        #expect(collision.reason == "brk to 0x00005bb16000 refused: mapping at 0x000057d4a000 in the way")
        #expect(collision.label == "brk-refused")
    }

    @Test func aBrkThatStillFitsBelowTheNextMappingIsNoCollision() {
        // A page below the mapping: brk wants one more page of room, so this would have fitted,
        // and the refusal had another reason (RLIMIT_DATA).
        #expect(detector.inspect(.failed(syscall: .brk, errno: 12, address: 0x57d4_9000 - 4096, length: 0),
                                 before: Self.layout, currentBreak: 0x57b1_6000) == nil)
        // Right below it is refused: the new break plus a page would reach it.
        #expect(detector.inspect(.failed(syscall: .brk, errno: 12, address: 0x57d4_9001, length: 0),
                                 before: Self.layout, currentBreak: 0x57b1_6000) != nil)
    }

    @Test func aShrinkingBrkIsNoCollision() {
        #expect(detector.inspect(.failed(syscall: .brk, errno: 12, address: 0x57b0_0000, length: 0),
                                 before: Self.layout, currentBreak: 0x57b1_6000) == nil)
    }

    @Test func withoutTheBreakTheHeapsEndIsUsed() {
        let collision = detector.inspect(.failed(syscall: .brk, errno: 12, address: 0x5bb1_6000, length: 0),
                                         before: Self.layout, currentBreak: nil)
        #expect(collision?.range.lowerBound == 0x57b1_6000)
    }

    @Test func theStacksGuardGapBlocksABrkBelowIt() {
        let stackAbove = RegionClassifier.classify([
            F.file(0x40_0000, 0x40_1000, "r-xp", Self.exe, inode: 7),
            F.heap(0x100_0000, 0x101_0000),
            F.stack(0x200_0000, 0x210_0000),
        ], executablePath: Self.exe)
        let detector = CollisionDetector(classifiedRegions: stackAbove)
        // 1 MiB below the stack: the page above the new break would be inside its guard gap.
        #expect(detector.inspect(.failed(syscall: .brk, errno: 12, address: 0x200_0000 - Self.mib, length: 0),
                                 before: stackAbove, currentBreak: 0x101_0000) != nil)
        #expect(detector.inspect(.failed(syscall: .brk, errno: 12, address: 0x200_0000 - 2 * Self.mib, length: 0),
                                 before: stackAbove, currentBreak: 0x101_0000) == nil)
    }

    func mmap(_ address: UInt64, _ length: UInt64, flags: MapFlags = F.anonRW) -> MemoryEventKind {
        .mmap(address: address, length: length, protection: F.rw, flags: flags, fd: -1, offset: 0, file: nil)
    }

    @Test func theFirstMappingBelowTheExecutableIsTheMoment() throws {
        let block = 64 * Self.mib + 4096
        let collision = try #require(detector.inspect(mmap(0x5661_5000 - block, block), before: Self.layout,
                                                      currentBreak: nil))
        #expect(collision.kind == .mmapBelowExecutable(imageStart: 0x5661_5000))
        #expect(collision.range == (0x5661_5000 - block)..<0x5661_5000)
        #expect(collision.label == "mmap-below-executable")
        #expect(collision.reason.hasPrefix("mmap placed below the executable (0x000056615000)"))

        // Once something is down there, the next one is no news.
        var editor = AddressSpaceEditor(regions: Self.layout)
        editor.apply(mmap(0x5661_5000 - block, block))
        #expect(detector.inspect(mmap(0x5661_5000 - 2 * block, block), before: editor.regions, currentBreak: nil) == nil)
    }

    @Test func aMappingWhoseSearchNeverReachedAboveTheImageIsNoCollision() {
        // A 64-bit program's i386 mmap (int 0x80) searches below 4 GiB only.
        let image = RegionClassifier.classify([F.file(0x5555_0000_0000, 0x5555_0001_0000, "r-xp", Self.exe, inode: 7)],
                                              executablePath: Self.exe)
        let detector = CollisionDetector(classifiedRegions: image)
        let below4G = GapSearch(length: 0x4000, window: 0x1000..<0xf7fc_f000, direction: .topDown, result: 0xf7fc_b000)
        #expect(detector.inspect(mmap(0xf7fc_b000, 0x4000), before: image, currentBreak: nil, gapSearches: [below4G]) == nil)
        let wide = GapSearch(length: 0x4000, window: 0x1000..<0x7fff_0000_0000, direction: .topDown, result: 0xf7fc_b000)
        #expect(detector.inspect(mmap(0xf7fc_b000, 0x4000), before: image, currentBreak: nil, gapSearches: [wide]) != nil)
    }

    @Test func aMappingBetweenImageAndHeapIsBelowTheHeap() throws {
        let collision = try #require(detector.inspect(mmap(0x5700_0000, Self.mib), before: Self.layout, currentBreak: nil))
        #expect(collision.kind == .mmapBelowHeap(heapStart: 0x57af_4000))
        #expect(collision.label == "mmap-below-heap")
        var editor = AddressSpaceEditor(regions: Self.layout)
        editor.apply(mmap(0x5700_0000, Self.mib))
        #expect(detector.inspect(mmap(0x5710_0000, Self.mib), before: editor.regions, currentBreak: nil) == nil)
    }

    @Test func ordinaryAndFixedMappingsAreNoCollision() {
        #expect(detector.inspect(mmap(0x57b2_0000, Self.mib), before: Self.layout, currentBreak: nil) == nil)
        #expect(detector.inspect(mmap(0x100_0000, Self.mib, flags: [.private, .anonymous, .fixed]),
                                 before: Self.layout, currentBreak: nil) == nil)
        #expect(CollisionDetector().inspect(mmap(0x100_0000, Self.mib), before: Self.layout, currentBreak: nil) == nil,
                "no image known: nothing to be below")
    }

    @Test func theTimelinePutsTheVerdictOnTheEvent() {
        let timeline = Timeline(pid: 42, classify: { RegionClassifier.classify($0, executablePath: Self.exe) })
        timeline.ingest(snapshot: F.snapshot(100, Self.layout))
        var refused = F.event(110, .failed(syscall: .brk, errno: 12, address: 0x5bb1_6000, length: 0))
        timeline.annotate(&refused)
        #expect(refused.collision?.label == "brk-refused")
        var plain = F.event(111, .munmap(address: 0x57d4_a000, length: Self.mib))
        timeline.annotate(&plain)
        #expect(plain.collision == nil)
    }
}
