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
    /// (named from its .dynsym). Debian's glibc is built without frame pointers: the kernel's
    /// walk alone ends there. The CFI unwinding from the captured window goes through glibc's
    /// frames (sysmalloc has no symbol in .dynsym: its frames are `libc.so.6+0x…`) to the
    /// program's function and main, with or without frame pointers in the program. The stack is
    /// marked truncated: glibc clobbered bp, so the kernel's chain could not be spliced on.
    @Test(arguments: [true, false])
    func callsThroughGlibcAreUnwoundToTheProgram(framePointers: Bool) throws {
        let traced = try Traced(try (framePointers ? StackNamesBuild.withFramePointers : StackNamesBuild.withoutFramePointers).get())
        try Self.expectRan(traced)
        let sbrk = try #require(traced.trace.events(kind: "brk").first { record in
            guard let old = record.u64("old_break"), let new = record.u64("new_break") else { return false }
            return new &- old == 2 * Self.mib
        })
        #expect(Traced.modules(sbrk).first??.contains("libc.so") == true, "\(sbrk)")
        #expect(Array(Traced.symbols(sbrk).prefix(4)) == ["brk", "sbrk", "glibc_grow", "main"], "\(sbrk)")
        let malloc = try #require(traced.trace.events(kind: "mmap").first { ($0.u64("len") ?? 0) >= 4 * Self.mib
            && ($0.u64("len") ?? 0) < 5 * Self.mib })
        #expect(Traced.modules(malloc).first??.contains("libc.so") == true, "\(malloc)")
        #expect(Traced.symbols(malloc).first == "mmap", "\(malloc)")
        // mmap, sysmalloc's frames (no names), malloc, then the program.
        let named = Traced.symbols(malloc).compactMap { $0 }
        #expect(Array(named.prefix(4)) == ["mmap", "malloc", "glibc_map", "main"], "\(malloc)")
    }

    /// glibc's mmap wrapper called directly: a leaf without frame pointers, so the kernel's walk
    /// from the caller's bp skips via_wrapper ([mmap, wrapper_caller, main]); the CFI unwinding
    /// of the innermost frames from the captured window puts it back. Without frame pointers in
    /// the program the CFI alone reaches main (its frames are small: inside the window).
    @Test(arguments: [true, false])
    func aLeafWrappersCallerIsNamed(framePointers: Bool) throws {
        let traced = try Traced(try (framePointers ? StackNamesBuild.withFramePointers : StackNamesBuild.withoutFramePointers).get())
        try Self.expectRan(traced)
        let map = try #require(traced.mmap(length: 6 * Self.mib), "\(traced.trace.events(kind: "mmap"))")
        #expect(Array(Traced.symbols(map).prefix(4)) == ["mmap", "via_wrapper", "wrapper_caller", "main"], "\(map)")
    }

    @Test func theTableNamesTheCallerInline() throws {
        let program = try StackNamesBuild.withFramePointers.get()
        let run = try CommandRun.run(BuiltProducts.vmscope, ["trace", "--", program.path, "run"])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.contains(" brk") && $0.hasSuffix("← grow_table (stack_names)") }, "\(run.standardOutput)")
        #expect(lines.contains { $0.contains(" mmap") && $0.hasSuffix("← map_buffer (stack_names)") }, "\(run.standardOutput)")
        #expect(lines.contains { $0.contains(" mmap") && $0.contains("6.0 MiB") && $0.hasSuffix("← via_wrapper (stack_names)") },
                "\(run.standardOutput)")
    }
}
