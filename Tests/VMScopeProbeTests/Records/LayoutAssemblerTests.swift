import Testing
import VMScopeCore
@testable import VMScopeProbe

/// Putting kernel layouts together from their records, without a kernel.
struct LayoutAssemblerTests {
    private let gate = Region(start: 0xffff_ffff_ff60_0000, end: 0xffff_ffff_ff60_1000,
                              permissions: Permissions("--xp")!, pathname: "[vsyscall]")

    private func piece(_ index: UInt32, tgid: Int32 = 7, at timestamp: UInt64 = 500,
                       moment: KernelLayout.Moment = .exec) -> LayoutRegionRecord {
        let start = 0x1000 * UInt64(index + 1)
        return LayoutRegionRecord(tgid: tgid, timestamp: timestamp, moment: moment, index: index,
                                  region: Region(start: start, end: start + 0x1000, permissions: Permissions("r--p")!))
    }

    private func end(count: UInt32, tgid: Int32 = 7, at timestamp: UInt64 = 500, moment: KernelLayout.Moment = .exec,
                     incomplete: Bool = false, vsyscall: Bool = false) -> LayoutEndRecord {
        LayoutEndRecord(tgid: tgid, timestamp: timestamp, moment: moment, count: count, isIncomplete: incomplete,
                        hasVsyscall: vsyscall)
    }

    private func layout(_ event: MemoryEvent?) -> KernelLayout? {
        if case .layout(let layout)? = event?.kind { return layout }
        return nil
    }

    @Test func everyRecordThenTheEndIsACompleteLayout() {
        var assembler = LayoutAssembler(gate: gate)
        for i in 0..<3 { #expect(assembler.add(piece(UInt32(i))) == nil) }
        #expect(!assembler.isEmpty)
        let events = assembler.end(end(count: 3, vsyscall: true))
        #expect(events.count == 1)
        #expect(events.first?.timestamp == 500)
        #expect(events.first?.tgid == 7)
        let result = layout(events.first)
        #expect(result?.moment == .exec)
        #expect(result?.isComplete == true)
        #expect(result?.regions.map(\.start) == [0x1000, 0x2000, 0x3000, gate.start], "the gate page comes last")
        #expect(assembler.isEmpty)
    }

    @Test func aGapOrAShortCountOrAnEarlyStopIsIncomplete() {
        var gap = LayoutAssembler(gate: nil)
        _ = gap.add(piece(0))
        _ = gap.add(piece(2))
        #expect(layout(gap.end(end(count: 3)).last)?.isComplete == false)

        var short = LayoutAssembler(gate: nil)
        _ = short.add(piece(0))
        _ = short.add(piece(1))
        #expect(layout(short.end(end(count: 3)).last)?.isComplete == false, "the last record was lost")

        var stopped = LayoutAssembler(gate: nil)
        _ = stopped.add(piece(0))
        #expect(layout(stopped.end(end(count: 1, incomplete: true)).last)?.isComplete == false)

        var firstLost = LayoutAssembler(gate: nil)
        _ = firstLost.add(piece(1))
        #expect(layout(firstLost.end(end(count: 2)).last)?.isComplete == false)
    }

    @Test func aLayoutWhoseEndWasLostIsFlushedIncomplete() {
        var assembler = LayoutAssembler(gate: nil)
        _ = assembler.add(piece(0, at: 500))
        // The exit layout starts: the exec layout will get no more records.
        let stale = assembler.add(piece(0, at: 900, moment: .exit))
        #expect(layout(stale)?.isComplete == false)
        #expect(layout(stale)?.moment == .exec)
        #expect(stale?.timestamp == 500)
        let exit = assembler.end(end(count: 1, at: 900, moment: .exit))
        #expect(exit.count == 1)
        #expect(layout(exit.first)?.isComplete == true)
        #expect(layout(exit.first)?.moment == .exit)

        var flushed = LayoutAssembler(gate: nil)
        _ = flushed.add(piece(0))
        #expect(flushed.flush(8) == nil, "another process's layout is not touched")
        #expect(layout(flushed.flush(7))?.isComplete == false)
        #expect(flushed.flush(7) == nil)
    }

    @Test func processesAreAssembledSeparately() {
        var assembler = LayoutAssembler(gate: nil)
        _ = assembler.add(piece(0, tgid: 1))
        _ = assembler.add(piece(0, tgid: 2))
        _ = assembler.add(piece(1, tgid: 1))
        #expect(layout(assembler.end(end(count: 2, tgid: 1)).first)?.regions.count == 2)
        #expect(layout(assembler.end(end(count: 1, tgid: 2)).first)?.isComplete == true)
        assembler.discard(3)
        #expect(assembler.isEmpty)
    }
}
