import Testing
import VMScopeCore
@testable import VMScopeTUI

/// A call's log line ends with the caller its stack names (`← grow_table (app)`), escaped; a
/// call without a stack, or whose stack names nothing in the program, reads as before.
@Suite struct EventLogCallerTests {
    static func brk(stack: UserStack?, at time: UInt64) -> MemoryEvent {
        MemoryEvent(timestamp: time, tgid: 7, tid: 7,
                    kind: .brk(oldBreak: 0x5555_0000_0000, newBreak: 0x5555_0010_0000, requested: 0x5555_0010_0000),
                    stack: stack)
    }

    static func line(_ event: MemoryEvent) -> EventLogEntry? {
        var log = EventLog()
        log.append(event, seconds: { Double($0) / 1e9 }) { EventDescriber.describe(event) }
        return log.entries.last
    }

    static let libc = StackFrame(address: 1, module: "/usr/lib/x86_64-linux-gnu/libc.so.6", moduleOffset: 0x10a3c)

    @Test func theProgramsCallerEndsTheLine() throws {
        let plain = try #require(Self.line(Self.brk(stack: nil, at: 1)))
        let app = StackFrame(address: 2, module: "/srv/app", moduleOffset: 0x1234, symbol: "grow_table", symbolOffset: 4)
        let stacked = try #require(Self.line(Self.brk(stack: UserStack(addresses: [1, 2], frames: [Self.libc, app]), at: 1)))
        let expected = plain.description.detail.isEmpty ? "← grow_table (app)" : plain.description.detail + " ← grow_table (app)"
        #expect(stacked.description.detail == expected)
        #expect(stacked.description.label == plain.description.label)
    }

    @Test func noCallerNoChange() throws {
        let plain = try #require(Self.line(Self.brk(stack: nil, at: 1)))
        let libcOnly = try #require(Self.line(Self.brk(stack: UserStack(addresses: [1], frames: [Self.libc]), at: 1)))
        let unresolved = try #require(Self.line(Self.brk(stack: UserStack(addresses: [1]), at: 1)))
        #expect(libcOnly.description == plain.description)
        #expect(unresolved.description == plain.description)
    }

    @Test func hostileNamesAreEscaped() throws {
        let evil = StackFrame(address: 2, module: "/tmp/x", moduleOffset: 0, symbol: "f\u{1b}[2J", symbolOffset: 0)
        let line = try #require(Self.line(Self.brk(stack: UserStack(addresses: [2], frames: [evil]), at: 1)))
        #expect(line.description.detail.hasSuffix("← f\\e[2J (x)"))
        #expect(!line.description.detail.unicodeScalars.contains { $0.value == 0x1b })
    }
}
