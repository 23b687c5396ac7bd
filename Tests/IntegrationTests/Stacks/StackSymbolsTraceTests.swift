import Foundation
import Testing

/// `vmscope trace -- stack_names run`: the stacks of brk and mmap calls made from known
/// functions resolve to their names, with and without frame pointers.
@Suite("stack symbols in trace", .serialized,
       .enabled(if: KernelSupport.bpfAvailable, Comment(rawValue: KernelSupport.bpfMissingReason ?? "")),
       .disabled(if: StackNamesBuild.missingReason != nil, Comment(rawValue: StackNamesBuild.missingReason ?? "")))
struct StackSymbolsTraceTests {
    static let mib: UInt64 = 1 << 20

    struct Traced {
        let program: URL
        let trace: JSONRecords
        let run: CommandRun

        init(_ program: URL) throws {
            self.program = program
            run = try CommandRun.run(BuiltProducts.vmscope, ["trace", "--json", "--", program.path, "run"])
            trace = try JSONRecords(run.standardOutput)
        }

        /// The symbols of a record's stack, innermost first (nil for frames without one).
        static func symbols(_ record: [String: Any]) -> [String?] {
            (record["stack"] as? [[String: Any]] ?? []).map { $0.string("symbol") }
        }

        static func modules(_ record: [String: Any]) -> [String?] {
            (record["stack"] as? [[String: Any]] ?? []).map { $0.string("module") }
        }

        /// The program's own brk that grew the break by 1 MiB (grow_table's second call).
        var grow: [String: Any]? {
            trace.events(kind: "brk").first { record in
                guard let old = record.u64("old_break"), let new = record.u64("new_break") else { return false }
                return new &- old == StackSymbolsTraceTests.mib && Self.symbols(record).first == "grow_table"
            }
        }

        func mmap(length: UInt64) -> [String: Any]? {
            trace.events(kind: "mmap").first { $0.u64("len") == length }
        }
    }

    static func expectRan(_ traced: Traced) throws {
        #expect(traced.run.status == 0, "vmscope exited \(traced.run.status): \(traced.run.standardError)")
        let start = try #require(traced.trace.records(type: "start").first)
        try #require(start.string("source") == "eBPF", "expected the eBPF source, got \(start)")
    }

    @Test func withFramePointersEveryFrameOfTheProgramIsNamed() throws {
        let traced = try Traced(try StackNamesBuild.withFramePointers.get())
        try Self.expectRan(traced)
        let grow = try #require(traced.grow, "no brk of 1 MiB from grow_table: \(traced.trace.events(kind: "brk"))")
        #expect(Array(Traced.symbols(grow).prefix(3)) == ["grow_table", "build_index", "main"])
        #expect(Traced.modules(grow).first == traced.program.path)
        let map = try #require(traced.mmap(length: 3 * Self.mib))
        #expect(Array(Traced.symbols(map).prefix(3)) == ["map_buffer", "load_cache", "main"])
        let library = try #require(traced.mmap(length: 5 * Self.mib))
        #expect(Array(Traced.symbols(library).prefix(3)) == ["lib_map_pages", "library_map", "main"])
        #expect(Traced.modules(library).first??.hasSuffix("/libstacknames.so") == true)
        // Every frame of a resolved stack carries its address as captured and a module or null.
        for frame in grow["stack"] as? [[String: Any]] ?? [] {
            #expect(frame.u64("address") != nil)
            #expect(frame.keys.contains("module") && frame.keys.contains("symbol") && frame.keys.contains("build_id"))
        }
    }

    @Test func withoutFramePointersTheCallSiteIsStillNamed() throws {
        let traced = try Traced(try StackNamesBuild.withoutFramePointers.get())
        try Self.expectRan(traced)
        let grow = try #require(traced.grow, "no brk of 1 MiB from grow_table: \(traced.trace.events(kind: "brk"))")
        #expect(Traced.symbols(grow).first == "grow_table")
        let map = try #require(traced.mmap(length: 3 * Self.mib))
        #expect(Traced.symbols(map).first == "map_buffer")
        let library = try #require(traced.mmap(length: 5 * Self.mib))
        #expect(Traced.symbols(library).first == "lib_map_pages")
    }

    /// Through glibc (sbrk, a 4 MiB malloc): the call site is glibc's own `brk` or `mmap`
    /// (named from its .dynsym). Debian's glibc is built without frame pointers, and on this
    /// machine the walk ends there: the stack is that one frame, sbrk's and malloc's callers are
    /// not in it, with or without frame pointers in the program. Only the first frame is asserted.
    @Test(arguments: [true, false])
    func callsThroughGlibcStartInTheCLibrary(framePointers: Bool) throws {
        let traced = try Traced(try (framePointers ? StackNamesBuild.withFramePointers : StackNamesBuild.withoutFramePointers).get())
        try Self.expectRan(traced)
        let sbrk = try #require(traced.trace.events(kind: "brk").first { record in
            guard let old = record.u64("old_break"), let new = record.u64("new_break") else { return false }
            return new &- old == 2 * Self.mib
        })
        #expect(Traced.modules(sbrk).first??.contains("libc.so") == true, "\(sbrk)")
        #expect(Traced.symbols(sbrk).first??.contains("brk") == true, "\(sbrk)")
        let malloc = try #require(traced.trace.events(kind: "mmap").first { ($0.u64("len") ?? 0) >= 4 * Self.mib
            && ($0.u64("len") ?? 0) < 5 * Self.mib })
        #expect(Traced.modules(malloc).first??.contains("libc.so") == true, "\(malloc)")
        #expect(Traced.symbols(malloc).first??.contains("mmap") == true, "\(malloc)")
    }

    @Test func theTableNamesTheCallerInline() throws {
        let program = try StackNamesBuild.withFramePointers.get()
        let run = try CommandRun.run(BuiltProducts.vmscope, ["trace", "--", program.path, "run"])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.contains(" brk") && $0.hasSuffix("← grow_table (stack_names)") }, "\(run.standardOutput)")
        #expect(lines.contains { $0.contains(" mmap") && $0.hasSuffix("← map_buffer (stack_names)") }, "\(run.standardOutput)")
    }
}
