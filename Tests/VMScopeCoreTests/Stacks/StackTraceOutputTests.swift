import Foundation
import Testing
@testable import VMScopeCore

@Suite("Stacks in trace output")
struct StackTraceOutputTests {
    static let frames = [
        StackFrame(address: 0x7f00_0001_0a3c, module: "/usr/lib/x86_64-linux-gnu/libc.so.6", moduleOffset: 0x10a3c,
                   buildID: "ab12"),
        StackFrame(address: 0x5555_5555_51a3, module: "/home/u/app", moduleOffset: 0x11a3, symbol: "grow_table",
                   symbolOffset: 0x1a, buildID: "cd34"),
        StackFrame(address: 0x1234),
    ]

    static func brk(stack: UserStack?) -> MemoryEvent {
        MemoryEvent(timestamp: 2_000_000_000, tgid: 42, tid: 43,
                    kind: .brk(oldBreak: 0x5555_5556_0000, newBreak: 0x5555_5566_0000, requested: 0x5555_5566_0000),
                    abi: .x86_64, stack: stack)
    }

    /// The lines a human trace prints for `events` (the header lines dropped).
    static func humanLines(_ events: [MemoryEvent]) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-stack-\(UUID()).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try LineOutput(creating: path)
        let writer = HumanTraceWriter(output: output)
        writer.begin(TraceStart(command: [], pids: [42], source: "test", note: nil, followChildren: false, time: 1_000_000_000))
        let process = MonitoredProcess(pid: 42, joinReason: .attached, identity: nil, joinedAt: 0, inFlightAllowance: 0)
        writer.write([.events(process, events)], lostTotal: 0)
        writer.finish()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst(2).map(String.init)
    }

    @Test func humanLineEndsWithTheInterestingCaller() throws {
        let stack = UserStack(addresses: Self.frames.map(\.address), frames: Self.frames)
        let lines = try Self.humanLines([Self.brk(stack: nil), Self.brk(stack: stack)])
        #expect(lines.count == 2)
        #expect(lines[1] == lines[0] + " ← grow_table (app)")
    }

    @Test func humanLineWithoutAnInterestingFrameIsUnchanged() throws {
        let unresolved = UserStack(addresses: [1, 2])
        let onlyLibc = UserStack(addresses: [Self.frames[0].address], frames: [Self.frames[0]])
        let lines = try Self.humanLines([Self.brk(stack: nil), Self.brk(stack: unresolved), Self.brk(stack: onlyLibc)])
        #expect(lines.count == 3)
        #expect(lines[1] == lines[0])
        #expect(lines[2] == lines[0])
    }

    @Test func jsonEventWithoutStackIsUnchangedAndWithStackListsEveryFrame() throws {
        let writer = JSONTraceWriter(output: LineOutput(descriptor: -1), includeFaultSamples: false)
        var plain = JSONLine(), stacked = JSONLine()
        writer.encode(Self.brk(stack: nil), into: &plain)
        let plainText = plain.rendered
        #expect(!plainText.contains("stack"))
        var stack = UserStack(addresses: Self.frames.map(\.address), frames: Self.frames)
        writer.encode(Self.brk(stack: stack), into: &stacked)
        let text = stacked.rendered
        #expect(text.hasPrefix(String(plainText.dropLast())))
        #expect(text.hasSuffix(
            #","stack":[{"address":139637976795708,"module":"/usr/lib/x86_64-linux-gnu/libc.so.6","offset":68156,"symbol":null,"symbol_offset":null,"build_id":"ab12"},"#
            + #"{"address":93824992235939,"module":"/home/u/app","offset":4515,"symbol":"grow_table","symbol_offset":26,"build_id":"cd34"},"#
            + #"{"address":4660,"module":null,"offset":null,"symbol":null,"symbol_offset":null,"build_id":null}]}"#))
        // Again (from the writer's cache of recent stacks): the same bytes.
        var again = JSONLine()
        writer.encode(Self.brk(stack: stack), into: &again)
        #expect(again.rendered == text)
        stack.truncated = true
        writer.encode(Self.brk(stack: stack), into: &stacked)
        #expect(stacked.rendered.hasSuffix(#"}],"stack_truncated":true}"#))
        #expect(stacked.rendered.dropLast(#","stack_truncated":true}"#.count) == text.dropLast())
        let parsed = try JSONSerialization.jsonObject(with: Data(stacked.rendered.utf8)) as? [String: Any]
        #expect((parsed?["stack"] as? [Any])?.count == 3)
        stack.callerMayBeSkipped = true
        var unknown = JSONLine()
        writer.encode(Self.brk(stack: stack), into: &unknown)
        #expect(unknown.rendered.hasSuffix(#"}],"stack_truncated":true,"stack_caller_unknown":true}"#))
    }

    @Test func jsonUnresolvedStackGivesTheAddresses() {
        let writer = JSONTraceWriter(output: LineOutput(descriptor: -1), includeFaultSamples: false)
        var line = JSONLine()
        writer.encode(Self.brk(stack: UserStack(addresses: [10, 20])), into: &line)
        #expect(line.rendered.hasSuffix(#","stack":[{"address":10},{"address":20}]}"#))
    }

    @Test func hostileSymbolNamesStayValidJSON() throws {
        let frame = StackFrame(address: 1, module: "/a\"b", moduleOffset: 0, symbol: "x\n\u{1b}y\\", symbolOffset: 0)
        let writer = JSONTraceWriter(output: LineOutput(descriptor: -1), includeFaultSamples: false)
        var line = JSONLine()
        writer.encode(Self.brk(stack: UserStack(addresses: [1], frames: [frame])), into: &line)
        #expect(!line.rendered.unicodeScalars.contains { $0.value < 0x20 })
        let parsed = try JSONSerialization.jsonObject(with: Data(line.rendered.utf8)) as? [String: Any]
        let first = (parsed?["stack"] as? [[String: Any]])?.first
        #expect(first?["symbol"] as? String == "x\n\u{1b}y\\")
        #expect(first?["module"] as? String == "/a\"b")
    }
}
