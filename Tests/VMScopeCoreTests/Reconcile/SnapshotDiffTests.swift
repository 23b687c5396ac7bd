import Testing
@testable import VMScopeCore

/// Events synthesised from two snapshots must turn the first into the second.
@Suite struct SnapshotDiffTests {
    typealias F = TimelineFixture

    func roundTrip(_ old: [Region], _ new: [Region], sourceLocation: SourceLocation = #_sourceLocation)
        -> [MemoryEventKind]
    {
        let kinds = SnapshotDiff.eventKinds(from: old, to: new)
        let result = F.applying(kinds, to: old)
        #expect(AddressSpaceEditor.sameLayout(result, new),
                "events \(kinds)\ngot\n\(F.describe(result))\nexpected\n\(F.describe(new))",
                sourceLocation: sourceLocation)
        return kinds
    }

    @Test func identicalSnapshotsNeedNoEvents() {
        #expect(roundTrip(F.program, F.program).isEmpty)
        // Boundaries the kernel drew differently are not a change.
        let split = F.replacing(0x7f00_0000_0000, in: F.program, with: [
            F.anon(0x7f00_0000_0000, 0x7f00_0000_8000), F.anon(0x7f00_0000_8000, 0x7f00_0001_0000),
        ])
        #expect(roundTrip(F.program, split).isEmpty)
    }

    @Test func heapGrowthAndShrinkAreBrk() {
        let grown = F.replacing(0x100_0000, in: F.program, with: [F.heap(0x100_0000, 0x104_0000)])
        #expect(roundTrip(F.program, grown)
            == [.brk(oldBreak: 0x102_1000, newBreak: 0x104_0000, requested: 0x104_0000)])
        #expect(roundTrip(grown, F.program)
            == [.brk(oldBreak: 0x104_0000, newBreak: 0x102_1000, requested: 0x102_1000)])
        let without = F.program.filter { $0.pathname != "[heap]" }
        #expect(roundTrip(without, F.program)
            == [.brk(oldBreak: 0x100_0000, newBreak: 0x102_1000, requested: 0x102_1000)])
        #expect(roundTrip(F.program, without)
            == [.brk(oldBreak: 0x102_1000, newBreak: 0x100_0000, requested: 0x100_0000)])
    }

    @Test func vanishedAndNewRangesAreMunmapAndMmap() {
        let changed = F.replacing(0x7f00_0000_0000, in: F.program, with: [
            F.anon(0x7f00_0000_0000, 0x7f00_0000_4000),
            F.file(0x7f00_0008_0000, 0x7f00_0008_2000, "r--s", "/data/db", offset: 0x2000, inode: 5),
        ])
        let kinds = roundTrip(F.program, changed)
        #expect(kinds == [
            .munmap(address: 0x7f00_0000_4000, length: 0xc000),
            .mmap(address: 0x7f00_0008_0000, length: 0x2000, protection: .read, flags: .shared,
                  fd: -1, offset: 0x2000, file: MappedFile(path: "/data/db", device: 8 << 20 | 1, inode: 5)),
        ])
    }

    @Test func permissionChangesAreMprotect() {
        var changed = F.program
        changed[2].permissions = F.perms("r--p")     // RELRO on the program's data
        #expect(roundTrip(F.program, changed)
            == [.mprotect(address: 0x40_3000, length: 0x1000, protection: .read)])
    }

    @Test func aReplacedMappingIsAFixedMmap() {
        let changed = F.replacing(0x7f00_0000_0000, in: F.program, with: [
            F.file(0x7f00_0000_0000, 0x7f00_0001_0000, "rw-p", "/tmp/x", offset: 0, inode: 9),
        ])
        #expect(roundTrip(F.program, changed) == [
            .mmap(address: 0x7f00_0000_0000, length: 0x10000, protection: F.rw, flags: [.private, .fixed],
                  fd: -1, offset: 0, file: MappedFile(path: "/tmp/x", device: 8 << 20 | 1, inode: 9)),
        ])
    }

    @Test func anUnambiguousMoveIsMremap() {
        let moved = F.replacing(0x7f00_0000_0000, in: F.program, with: [F.anon(0x7f00_0040_0000, 0x7f00_0041_0000)])
        #expect(roundTrip(F.program, moved) == [
            .mremap(oldAddress: 0x7f00_0000_0000, oldLength: 0x10000, newAddress: 0x7f00_0040_0000,
                    newLength: 0x10000, flags: 3),
        ])
    }

    @Test func anAmbiguousMoveIsMunmapAndMmap() {
        // Two identical anonymous regions vanish, one appears: which one moved cannot be known.
        let before = F.replacing(0, in: F.program, with: [F.anon(0x7f00_0020_0000, 0x7f00_0021_0000)])
        let after = F.replacing(0x7f00_0000_0000, in: before, with: [])
            .filter { $0.start != 0x7f00_0020_0000 } + [F.anon(0x7f00_0040_0000, 0x7f00_0041_0000)]
        let kinds = roundTrip(before, after.sorted { $0.start < $1.start })
        #expect(!kinds.contains { if case .mremap = $0 { true } else { false } })
        #expect(kinds.count == 3)
    }

    @Test func eventsCarryTheNewSnapshotsTimeAndPid() {
        let old = AddressSpaceSnapshot(timestamp: 5, pid: 9, regions: F.program)
        let new = AddressSpaceSnapshot(timestamp: 7, pid: 9, regions: [])
        let events = SnapshotDiff.events(from: old, to: new)
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.timestamp == 7 && $0.tgid == 9 && $0.tid == 9 })
    }

    @Test func aPollingTimelineReconcilesWithoutDifferences() throws {
        let grown = F.replacing(0x100_0000, in: F.program, with: [F.heap(0x100_0000, 0x104_0000)])
        let old = F.snapshot(100, F.program)
        let new = F.snapshot(200, grown)
        let timeline = Timeline(pid: 42)
        timeline.ingest(snapshot: old)
        timeline.apply(contentsOf: SnapshotDiff.events(from: old, to: new))
        let report = try #require(timeline.ingest(snapshot: new))
        #expect(report.unexplainedCount == 0 && report.eventsApplied == 1)
    }

    // MARK: - Random layouts

    static let paths = ["/usr/lib/liba.so", "/usr/lib/libb.so", "/data/file", "/memfd:jit"]
    static let names = ["", "", "", "[stack]", "[vdso]", "[anon:arena]"]
    static let permissionTexts = ["rw-p", "rw-p", "r--p", "r-xp", "---p", "rwxp", "-w-p", "r--s", "rw-s"]

    static func randomLayout(_ rng: inout TimelineSeededGenerator) -> [Region] {
        var regions: [Region] = []
        var address = UInt64.random(in: 0x400...0x500, using: &rng) * F.page
        let count = Int.random(in: 0...30, using: &rng)
        let heapAt = Bool.random(using: &rng) ? Int.random(in: 0...max(0, count), using: &rng) : -1
        for index in 0..<count {
            if Int.random(in: 0..<10, using: &rng) >= 3 {
                address += UInt64.random(in: 1...64, using: &rng) * F.page
            }
            let size = UInt64.random(in: 1...32, using: &rng) * F.page
            if index == heapAt {
                regions.append(F.heap(address, address + size))
            } else {
                regions.append(randomRegion(address, address + size, &rng))
            }
            address += size
        }
        return regions
    }

    static func randomRegion(_ start: UInt64, _ end: UInt64, _ rng: inout TimelineSeededGenerator) -> Region {
        let permissions = permissionTexts.randomElement(using: &rng)!
        if Bool.random(using: &rng) {
            let pathIndex = Int.random(in: 0..<paths.count, using: &rng)
            return F.file(start, end, permissions, paths[pathIndex],
                          offset: UInt64.random(in: 0...16, using: &rng) * F.page,
                          inode: UInt64(pathIndex + 1))
        }
        return F.anon(start, end, permissions, name: names.randomElement(using: &rng)!)
    }

    /// `old` changed by random calls, so the two layouts share most of their structure.
    static func mutated(_ old: [Region], _ rng: inout TimelineSeededGenerator) -> [Region] {
        var editor = AddressSpaceEditor(regions: old)
        let low = old.first?.start ?? 0x40_0000
        let high = (old.last?.end ?? 0x80_0000) + 64 * F.page
        func randomRange() -> (UInt64, UInt64) {
            let start = UInt64.random(in: low / F.page...high / F.page, using: &rng) * F.page
            return (start, UInt64.random(in: 1...24, using: &rng) * F.page)
        }
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let (start, length) = randomRange()
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:
                let region = randomRegion(start, start + length, &rng)
                editor.map(region)
            case 1:
                editor.apply(.munmap(address: start, length: length))
            case 2:
                let protection = F.perms(permissionTexts.randomElement(using: &rng)!).protection
                editor.apply(.mprotect(address: start, length: length, protection: protection))
            case 3:
                guard let source = editor.regions.randomElement(using: &rng) else { continue }
                let (target, _) = randomRange()
                editor.apply(.mremap(oldAddress: source.start, oldLength: source.size, newAddress: target + high,
                                     newLength: source.size, flags: 3))
            case 4:
                if let heap = editor.heapExtent() {
                    let newEnd = max(heap.lowerBound, heap.upperBound + length) - UInt64.random(in: 0...2, using: &rng) * length
                    editor.apply(.brk(oldBreak: heap.upperBound, newBreak: max(newEnd, heap.lowerBound), requested: 0))
                }
            default:
                let (target, _) = randomRange()
                if let source = editor.regions.randomElement(using: &rng) {
                    editor.apply(.mremap(oldAddress: source.start, oldLength: source.size,
                                         newAddress: target, newLength: length, flags: 3))
                }
            }
        }
        return editor.regions
    }

    @Test(arguments: 0..<400)
    func randomLayoutsRoundTrip(seed: Int) {
        var rng = TimelineSeededGenerator(seed: UInt64(seed) &* 7919 &+ 1)
        let old = Self.randomLayout(&rng)
        let new = seed % 3 == 0 ? Self.randomLayout(&rng) : Self.mutated(old, &rng)
        _ = roundTrip(old, new)
        #expect(SnapshotDiff.eventKinds(from: new, to: new).isEmpty)
        // The polling path end to end: the timeline predicts the new snapshot exactly.
        let timeline = Timeline()
        timeline.ingest(snapshot: F.snapshot(10, old))
        timeline.apply(contentsOf: SnapshotDiff.events(from: F.snapshot(10, old), to: F.snapshot(20, new)))
        #expect(timeline.ingest(snapshot: F.snapshot(20, new))?.unexplainedCount == 0)
    }
}
