import Testing
import VMScopeCore
@testable import VMScopeTUI

/// The diff panel in the region table's place, from a hand-built diff with one change of each
/// common kind (re-record with VMSCOPE_RECORD_SNAPSHOTS=1 and read the files first).
@Suite struct DiffPanelSnapshotTests {
    static func region(_ start: UInt64, _ end: UInt64, _ perms: String = "rw-p", _ kind: RegionKind = .anonymous,
                       _ path: String = "") -> Region {
        Region(start: start, end: end, permissions: Permissions(perms)!, inode: path.hasPrefix("/") ? 7 : 0,
               pathname: path, kind: kind)
    }

    static func sampleDiff() -> AddressSpaceDiff {
        let heapStart: UInt64 = 0x5555_5559_d000
        let anon: UInt64 = 0x7fff_f000_0000
        let stack = UserStack(addresses: [0x5555_5555_5200],
                              frames: [StackFrame(address: 0x5555_5555_5200, module: SampleStates.demoPath,
                                                  moduleOffset: 0x1200, symbol: "grow_arena", symbolOffset: 0x40)])
        let before = [
            region(heapStart, heapStart + 0x21000, "rw-p", .heap, "[heap]"),
            region(anon, anon + 0x3000),
            region(0x7fff_f100_0000, 0x7fff_f110_0000, "r--p", .file, "/data/old\u{1b}.db"),
        ]
        let after = [
            region(heapStart, heapStart + 0x63000, "rw-p", .heap, "[heap]"),
            region(anon, anon + 0x1000), region(anon + 0x1000, anon + 0x2000, "---p", .guardPage),
            region(anon + 0x2000, anon + 0x3000),
            region(0x7fff_f200_0000, 0x7fff_f240_0000),
        ]
        let events: [MemoryEvent] = [
            MemoryEvent(timestamp: 11, tgid: 1, tid: 1, kind: .brk(oldBreak: heapStart + 0x21000, newBreak: heapStart + 0x42000,
                                                                   requested: heapStart + 0x42000)),
            MemoryEvent(timestamp: 12, tgid: 1, tid: 1, kind: .brk(oldBreak: heapStart + 0x42000, newBreak: heapStart + 0x63000,
                                                                   requested: heapStart + 0x63000), stack: stack),
            MemoryEvent(timestamp: 13, tgid: 1, tid: 1, kind: .mprotect(address: anon + 0x1000, length: 0x1000, protection: [])),
            MemoryEvent(timestamp: 14, tgid: 1, tid: 1, kind: .munmap(address: 0x7fff_f100_0000, length: 0x10_0000)),
            MemoryEvent(timestamp: 15, tgid: 1, tid: 1,
                        kind: .mmap(address: 0x7fff_f200_0000, length: 0x40_0000, protection: [.read, .write],
                                    flags: [.private, .anonymous], fd: -1, offset: 0, file: nil), stack: stack),
            MemoryEvent(timestamp: 16, tgid: 1, tid: 1, kind: .lost(count: 3)),
        ]
        var residencyAfter = ResidencyTable()
        residencyAfter.add(start: 0x7fff_f200_0000, end: 0x7fff_f240_0000, RegionResidency(resident: 0x20_0000))
        return AddressSpaceDiff(before: before, after: after, residencyBefore: ResidencyTable(),
                                residencyAfter: residencyAfter, events: events, from: 10, to: 20)
    }

    static func sampleModel() -> DiffViewModel { DiffViewModel(diff: sampleDiff(), markSeconds: 12.34) }

    static func state() -> LiveViewState {
        var state = SampleStates.demo()
        state.showDiff = true
        state.hasMark = true
        state.diff = sampleModel()
        return state
    }

    @Test func viewModelRowsSayWhatChangedAndWhy() {
        let model = Self.sampleModel()
        #expect(model.title == "since mark at +12.3 s")
        #expect(model.rows.map(\.change) == ["grown", "split+protection", "removed", "added"])
        #expect(model.rows[0].cause == "brk+ (+1) at grow_arena+0x40 (demo)")
        #expect(model.rows[2].path == SafeText.escape("/data/old\u{1b}.db"))
        #expect(model.rows[3].rssDelta == 0x20_0000)
        #expect(model.note == "3 records lost: some causes may be missing")
        #expect(model.totals.map(\.kind) == [.heap, .anonymous, .file, .guardPage, nil])
    }

    @Test func diffPanel100x30() {
        SnapshotFile.check(LiveView.render(Self.state(), width: 100, height: 30).text(), named: "diff-panel-100x30")
    }

    @Test func diffPanel60x16() {
        SnapshotFile.check(LiveView.render(Self.state(), width: 60, height: 16).text(), named: "diff-panel-60x16")
    }

    @Test func diffPanelWithoutAMark() {
        var state = Self.state()
        state.diff = nil
        let text = LiveView.render(state, width: 100, height: 30).text()
        #expect(text.contains("no mark on this process: m sets one"))
    }
}
