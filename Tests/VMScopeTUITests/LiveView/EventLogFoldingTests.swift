import Testing
import VMScopeCore
@testable import VMScopeTUI

/// A storm of calls reads as a few lines: repetitions of one call or of a pair fold into one
/// line with a count, and the pattern's end is listed as it happened.
@Suite struct EventLogFoldingTests {
    static let base: UInt64 = 0x7f00_0000_0000

    func mmap(_ address: UInt64 = base, at time: UInt64) -> MemoryEvent {
        MemoryEvent(timestamp: time, tgid: 7, tid: 7,
                    kind: .mmap(address: address, length: 0x10000, protection: [.read, .write],
                                flags: [.private, .anonymous], fd: -1, offset: 0, file: nil))
    }

    func munmap(_ address: UInt64 = base, at time: UInt64) -> MemoryEvent {
        MemoryEvent(timestamp: time, tgid: 7, tid: 7, kind: .munmap(address: address, length: 0x10000))
    }

    final class Describer { var calls = 0 }

    func feed(_ log: inout EventLog, _ events: [MemoryEvent], describer: Describer) {
        for event in events {
            log.append(event, seconds: { Double($0) / 1e9 }) {
                describer.calls += 1
                return EventDescriber.describe(event)
            }
        }
    }

    @Test func aStormOfPairsIsOneLineWithItsCountAndItsFaults() {
        var log = EventLog()
        let describer = Describer()
        var time: UInt64 = 1_000
        for _ in 0..<50_000 {
            feed(&log, [mmap(at: time), munmap(at: time + 1)], describer: describer)
            time += 2
        }
        log.appendFaultBursts([FaultRun(tgid: 7, start: Self.base, end: Self.base + 0x10000, count: 50_000, timestamp: time)],
                              regions: [], seconds: { Double($0) / 1e9 })
        #expect(log.entries.count == 1)
        let line = log.entries[0]
        #expect(line.description.label == "mmap+munmap")
        #expect(line.repeatCount == 50_000)
        #expect(line.absorbedFaults == 50_000)
        #expect(line.timestamp == time - 1, "the line carries the newest call's time")
        #expect(describer.calls <= 4, "a repetition is matched on the raw event, not put into words (\(describer.calls))")
    }

    @Test func whenThePatternChangesTheRestIsListedAsItHappened() {
        var log = EventLog()
        let describer = Describer()
        for step in 0..<10 {
            let time = UInt64(step * 2)
            feed(&log, [mmap(at: time), munmap(at: time + 1)], describer: describer)
        }
        // Half a pair more, then something else.
        feed(&log, [mmap(at: 100), munmap(Self.base + 0x100000, at: 101)], describer: describer)
        #expect(log.entries.map(\.description.label) == ["mmap+munmap", "mmap", "munmap"])
        #expect(log.entries.map(\.repeatCount) == [10, 1, 1])
        #expect(log.entries[2].description.range?.lowerBound == Self.base + 0x100000)
    }

    @Test func oneCallRepeatedStillFoldsAndOtherLinesEndARepetition() {
        var log = EventLog()
        let describer = Describer()
        feed(&log, (0..<5).map { mmap(at: UInt64($0)) }, describer: describer)
        #expect(log.entries.count == 1 && log.entries[0].repeatCount == 5)
        log.append(EventLogEntry(timestamp: 10, seconds: 0, tid: 7, category: .lost,
                                 description: EventDescription(label: "lost", count: 3)))
        feed(&log, [mmap(at: 11)], describer: describer)
        #expect(log.entries.map(\.description.label) == ["mmap", "lost", "mmap"])
    }

    @Test func faultsOutsideTheRepetitionAreTheirOwnLine() {
        var log = EventLog()
        let describer = Describer()
        for step in 0..<3 {
            feed(&log, [mmap(at: UInt64(step * 2)), munmap(at: UInt64(step * 2 + 1))], describer: describer)
        }
        log.appendFaultBursts([FaultRun(tgid: 7, start: 0x1000_0000, end: 0x1001_0000, count: 9, timestamp: 9)],
                              regions: [], seconds: { Double($0) / 1e9 })
        #expect(log.entries.map(\.description.label) == ["mmap+munmap", "faults"])
        #expect(log.entries[0].absorbedFaults == 0)
    }
}
