import CProbe
import Foundation
import Testing
import VMScopeCore
@testable import VMScopeProbe

/// The user call stacks the kernel side captures for brk, mmap, munmap and mremap, checked
/// against a program whose calls are made from known functions (StackCallsProgram): frame 0
/// must lie in the function holding the system call instruction and, with frame pointers,
/// frame 1 in its caller.
@Suite(.enabled(if: ProbeAvailability.isAvailable, ProbeAvailability.skipComment), .serialized)
struct UserStackCaptureTests {
    /// The events of one run of a variant, with where its functions are.
    private struct Run {
        let built: StackCallsProgram.Built
        let report: StackCallsProgram.Report
        let events: [MemoryEvent]

        /// Whether `address` lies in the function `name` of the program.
        func address(_ address: UInt64?, isIn name: String) -> Bool {
            guard let address, let start = report.starts[name], let size = built.sizes[name] else { return false }
            return address >= start && address < start + size
        }

        /// The one event `matching`, or a failure naming `what`.
        func event(_ what: String, matching: (MemoryEventKind) -> Bool) throws -> MemoryEvent {
            let found = events.filter { matching($0.kind) }
            try #require(found.count == 1, "one \(what) record expected, got \(found.count)")
            return found[0]
        }

        /// The records of the calls that must carry a stack, by the function that made each.
        func stackedCalls() throws -> [(function: String, event: MemoryEvent)] {
            let brk = try #require(report.values["brk"], "the program's report")
            let mapped = try #require(report.values["mmap"]?.first)
            let moved = try #require(report.values["mremap"]?.first)
            let (now, grown) = (brk[0], brk[1])
            return [
                ("do_brk", try event("moving brk") { $0 == .brk(oldBreak: now, newBreak: grown, requested: grown) }),
                ("do_brk", try event("refused brk") {
                    if case .failed(.brk, _, 1, _) = $0 { true } else { false }
                }),
                ("do_mmap", try event("mmap") {
                    if case .mmap(mapped, StackCallsProgram.length, _, _, _, _, nil) = $0 { true } else { false }
                }),
                ("do_mremap", try event("mremap") {
                    $0 == .mremap(oldAddress: mapped, oldLength: StackCallsProgram.length, newAddress: moved,
                                  newLength: StackCallsProgram.grown, flags: 1)
                }),
                ("do_munmap", try event("munmap") { $0 == .munmap(address: moved, length: StackCallsProgram.grown) }),
            ]
        }

        /// The munmap made while bp pointed at a would-be frame outside the stack (x86-64).
        func strayFrameMunmap() throws -> MemoryEvent {
            let moved = try #require(report.values["mremap"]?.first)
            return try event("munmap with a stray bp") { $0 == .munmap(address: moved, length: 0x1000) }
        }

        /// The brk that asked for the break it already had: a record, without a stack.
        func unmovedBrk() throws -> MemoryEvent {
            let grown = try #require(report.values["brk"]?[1])
            return try event("unmoved brk") { $0 == .brk(oldBreak: grown, newBreak: grown, requested: grown) }
        }
    }

    private func run(_ variant: StackCallsProgram.Variant, stacks: Bool = true) throws -> Run {
        let built = try #require(StackCallsProgram.binary(variant))
        let source = try BPFEventSource.open(userStacks: stacks)
        defer { source.close() }
        let reportFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("vmscope-stackcalls-\(getpid())-\(variant)-\(stacks).txt")
        defer { try? FileManager.default.removeItem(at: reportFile) }
        let traced = try TracedRun.run([built.binary.path, reportFile.path], source: source)
        #expect(traced.waitStatus == 0, "the program's calls all succeed but the refused brk")
        return Run(built: built, report: try StackCallsProgram.Report(reportFile), events: traced.own)
    }

    private func describe(_ stack: UserStack?, _ run: Run) -> String {
        let names = run.report.starts.map { "\($0.key)=0x\(String($0.value, radix: 16))" }.sorted()
        return "stack \(stack?.addresses.map { "0x" + String($0, radix: 16) } ?? []) functions \(names)"
    }

    @Test(.enabled(if: StackCallsProgram.binary(.framePointers) != nil, StackCallsProgram.skipComment(.framePointers)))
    func withFramePointersFrameZeroIsTheCallingFunctionAndFrameOneItsCaller() throws {
        let run = try run(.framePointers)
        for (function, event) in try run.stackedCalls() {
            let stack = try #require(event.stack, "\(event.kind) carries a stack")
            #expect(!stack.truncated)
            let frameZeroInFunction = run.address(stack.addresses.first, isIn: function)
            #expect(frameZeroInFunction, "frame 0 of \(event.kind) in \(function): \(describe(stack, run))")
            let frameOneInCaller = run.address(stack.addresses.dropFirst().first, isIn: "make_calls")
            #expect(frameOneInCaller, "frame 1 of \(event.kind) in make_calls: \(describe(stack, run))")
            // main called make_calls, and __libc_start_call_main main: the walk goes on past them.
            let depth = stack.addresses.count
            #expect(depth >= 3, "\(describe(stack, run))")
        }
        let unmoved = try run.unmovedBrk()
        #expect(unmoved.stack == nil, "a brk that left the break where it was has no stack")
        try expectFrameZeroAloneForAStrayFramePointer(run)
    }

    /// bp pointing outside the stack (here at a global holding a fake frame whose return address
    /// is 0x1234) is not followed: frame 0 alone.
    private func expectFrameZeroAloneForAStrayFramePointer(_ run: Run) throws {
        let stack = try #require(try run.strayFrameMunmap().stack)
        let onlyFrameZero = stack.addresses.count == 1 && run.address(stack.addresses.first, isIn: "do_munmap_stray_bp")
        #expect(onlyFrameZero, "\(describe(stack, run))")
    }

    @Test(.enabled(if: StackCallsProgram.binary(.noFramePointers) != nil, StackCallsProgram.skipComment(.noFramePointers)))
    func withoutFramePointersFrameZeroIsStillTheCallingFunction() throws {
        let run = try run(.noFramePointers)
        for (function, event) in try run.stackedCalls() {
            let stack = try #require(event.stack, "\(event.kind) carries a stack")
            let frameZeroInFunction = run.address(stack.addresses.first, isIn: function)
            #expect(frameZeroInFunction, "frame 0 of \(event.kind) in \(function): \(describe(stack, run))")
            #expect(stack.addresses.count <= Int(VMSCOPE_STACK_MAX))
        }
        try expectFrameZeroAloneForAStrayFramePointer(run)
    }

    @Test(.enabled(if: StackCallsProgram.binary(.i386) != nil, StackCallsProgram.skipComment(.i386)))
    func i386CallsCarryTheirStackToo() throws {
        let run = try run(.i386)
        for (function, event) in try run.stackedCalls() {
            #expect(event.abi == .i386)
            let stack = try #require(event.stack, "\(event.kind) carries a stack")
            let frameZeroInFunction = run.address(stack.addresses.first, isIn: function)
            #expect(frameZeroInFunction, "frame 0 of \(event.kind) in \(function): \(describe(stack, run))")
            let frameOneInCaller = run.address(stack.addresses.dropFirst().first, isIn: "make_calls")
            #expect(frameOneInCaller, "frame 1 of \(event.kind) in make_calls: \(describe(stack, run))")
        }
    }

    @Test(.enabled(if: StackCallsProgram.binary(.framePointers) != nil, StackCallsProgram.skipComment(.framePointers)))
    func withStacksOffNoRecordCarriesOne() throws {
        let run = try run(.framePointers, stacks: false)
        let calls = try run.stackedCalls()
        #expect(calls.count == 5)
        let stacked = run.events.filter { $0.stack != nil }.map(\.kind)
        #expect(stacked.isEmpty, "records with a stack: \(stacked)")
    }
}
