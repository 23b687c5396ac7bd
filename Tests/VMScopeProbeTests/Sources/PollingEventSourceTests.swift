import Testing
import VMScopeCore
import VMScopeProbe

/// Without eBPF the monitor reads maps and the polling source turns each read into the change
/// since the previous one; it never reads /proc itself (that was a second read per interval).
@Suite struct PollingEventSourceTests {
    static let rw = Permissions(read: true, write: true, execute: false, shared: false)

    func snapshot(_ pid: Int32, at time: UInt64, _ regions: [Region]) -> AddressSpaceSnapshot {
        AddressSpaceSnapshot(timestamp: time, pid: pid, regions: regions)
    }

    @Test func eachSnapshotBringsTheChangeSinceThePreviousOne() {
        let source = PollingEventSource()
        let first = [Region(start: 0x1000, end: 0x3000, permissions: Self.rw)]
        let second = first + [Region(start: 0x8000, end: 0x9000, permissions: Self.rw)]
        #expect(source.changes(upTo: snapshot(7, at: 100, first)).isEmpty, "the first read is the baseline")
        let changes = source.changes(upTo: snapshot(7, at: 200, second))
        #expect(changes.map(\.kind) == [.mmap(address: 0x8000, length: 0x1000, protection: [.read, .write],
                                              flags: [.private, .anonymous], fd: -1, offset: 0, file: nil)])
        #expect(changes.allSatisfy { $0.tgid == 7 && $0.timestamp == 200 })
        // Another process has its own baseline.
        #expect(source.changes(upTo: snapshot(8, at: 300, second)).isEmpty)
    }

    @Test func itReadsNothingByItselfAndForgetsAnUnwatchedBaseline() throws {
        let source = PollingEventSource()
        try source.watch(pid: 7, awaitingExec: false)
        #expect(try source.drain().isEmpty)
        _ = source.changes(upTo: snapshot(7, at: 100, []))
        source.unwatch(pid: 7)
        #expect(source.changes(upTo: snapshot(7, at: 200, [Region(start: 0x1000, end: 0x2000, permissions: Self.rw)])).isEmpty,
                "watched again, its next read is a new baseline")
        #expect(source.capabilities.isEmpty && source.name == "polling")
    }
}
