import Foundation
import Testing

/// Runs the real binary against the real kernel: `vmscope trace --json -- vmscope-workload`, then
/// checks every operation the workload reports having done against what the trace saw.
@Suite("trace against the workload", .serialized)
struct TraceWorkloadTests {
    /// The workload's own account of what it did, one JSON object per operation.
    struct Workload {
        let operations: [[String: Any]]
        let trace: JSONRecords
        let run: CommandRun

        static func run(extraArguments: [String], workload: URL = BuiltProducts.workload) throws -> Workload {
            let scratch = FileManager.default.temporaryDirectory
                .appendingPathComponent("vmscope-workload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let report = scratch.appendingPathComponent("report.jsonl")
            let run = try CommandRun.run(BuiltProducts.vmscope,
                                         ["trace", "--json", "--interval", "50"] + extraArguments
                                         + ["--", workload.path, report.path, scratch.path])
            let operations = try JSONRecords(String(contentsOf: report, encoding: .utf8)).all
            return Workload(operations: operations, trace: try JSONRecords(run.standardOutput), run: run)
        }

        func operations(_ op: String) -> [[String: Any]] { operations.filter { $0.string("op") == op } }
    }

    @Test("every operation is seen at the right address, faults match pages touched, reconcile is clean",
          .enabled(if: KernelSupport.bpfAvailable, Comment(rawValue: KernelSupport.bpfMissingReason ?? "")))
    func everyOperationSeen() throws {
        let w = try Workload.run(extraArguments: [])
        try Self.expectEveryOperationSeen(w)
        #expect(w.trace.records(type: "event").allSatisfy { $0["abi"] == nil || $0.string("abi") == "x86_64" },
                "a 64-bit program's calls are x86-64 calls")
    }

    /// What `everyOperationSeen` checks, for the workload built either way (64-bit by SwiftPM,
    /// 32-bit by the compat tests).
    static func expectEveryOperationSeen(_ w: Workload) throws {
        #expect(w.run.status == 0, "vmscope exited \(w.run.status): \(w.run.standardError)")
        #expect(w.operations.last?.string("op") == "end", "the workload did not finish: \(w.operations.last ?? [:])")
        let start = try #require(w.trace.records(type: "start").first)
        #expect(start.string("source") == "eBPF", "expected the eBPF source, got \(start)")
        let pid = try #require(w.operations.first?.int("pid"))
        #expect(start.int("pid") == pid)

        // The dynamic loader's work is seen because the child is watched before it execs.
        #expect(w.trace.events(kind: "exec").count == 1)
        #expect(w.trace.events(kind: "mmap").contains { ($0.string("path") ?? "").contains("libc.so") },
                "the loader's mmap of libc was not seen")

        for op in w.operations("brk") {
            #expect(w.trace.events(kind: "brk").contains {
                $0.u64("old_break") == op.u64("old") && $0.u64("new_break") == op.u64("new")
            }, "brk \(op) not seen")
        }
        for op in w.operations("mmap") {
            let seen = w.trace.events(kind: "mmap").first {
                $0.u64("addr") == op.u64("addr") && $0.u64("len") == op.u64("len")
            }
            #expect(seen != nil, "mmap \(op) not seen")
            #expect(seen?.int("prot_bits") == op.int("prot"))
            #expect(seen?.int("flag_bits") == op.int("flags"))
            if let path = op.string("path") {
                let name = URL(fileURLWithPath: path).lastPathComponent
                #expect(seen?.string("path")?.hasSuffix(name) == true, "file mapping not named: \(seen ?? [:])")
            }
        }
        for op in w.operations("munmap") {
            #expect(w.trace.events(kind: "munmap").contains {
                $0.u64("addr") == op.u64("addr") && $0.u64("len") == op.u64("len")
            }, "munmap \(op) not seen")
        }
        for op in w.operations("mprotect") {
            #expect(w.trace.events(kind: "mprotect").contains {
                $0.u64("addr") == op.u64("addr") && $0.u64("len") == op.u64("len") && $0.int("prot_bits") == op.int("prot")
            }, "mprotect \(op) not seen")
        }
        let remaps = w.operations("mremap")
        #expect(remaps.count == 2)
        #expect(remaps.contains { $0.u64("old") == $0.u64("new") }, "the in-place mremap did not stay in place")
        #expect(remaps.contains { $0.u64("old") != $0.u64("new") }, "the moving mremap did not move")
        for op in remaps {
            #expect(w.trace.events(kind: "mremap").contains {
                $0.u64("old_addr") == op.u64("old") && $0.u64("old_len") == op.u64("oldLen")
                    && $0.u64("new_addr") == op.u64("new") && $0.u64("new_len") == op.u64("newLen")
            }, "mremap \(op) not seen")
        }
        for op in w.operations("failed") {
            let failure = w.trace.events(kind: "failed").first { $0.u64("addr") == op.u64("addr") }
            #expect(failure?.string("syscall") == "munmap")
            #expect(failure?.int("errno") == op.int("errno"))
            // A failure is not a change: no munmap at that address.
            #expect(!w.trace.events(kind: "munmap").contains { $0.u64("addr") == op.u64("addr") })
        }

        // Faults: the anonymous megabyte was written once per page. Count only the kernel's
        // 64 KiB buckets lying wholly inside it, against the pages those buckets cover.
        let anon = try #require(w.operations("touch").first { $0.u64("len") == 1 << 20 })
        let anonStart = try #require(anon.u64("addr")), anonEnd = anonStart + (1 << 20)
        // A bucket touched across two drains comes in two records: its pages count once.
        var counted: UInt64 = 0, covered: [UInt64: UInt64] = [:]
        for run in w.trace.events(kind: "faults") {
            guard let s = run.u64("start"), let e = run.u64("end"), let n = run.u64("count") else { continue }
            if s >= anonStart && e <= anonEnd {
                counted += n
                covered[s] = e - s
            }
        }
        let coveredBytes = covered.values.reduce(0, +)
        let pagesTouched = coveredBytes / 4096
        #expect(pagesTouched >= 128, "too little of the region was covered by whole buckets: \(coveredBytes)")
        #expect(counted >= pagesTouched && Double(counted) <= Double(pagesTouched) * 1.05,
                "\(counted) faults counted for \(pagesTouched) pages touched")

        // The last reconcile before exit explains everything.
        let snapshots = w.trace.records(type: "snapshot").filter { $0["initial"] as? Bool == false }
        let last = try #require(snapshots.last, "no reconcile after the first snapshot")
        #expect(last.int("unexplained") == 0, "unexplained differences: \(last["differences"] ?? "")")
        #expect(w.trace.records(type: "snapshot").allSatisfy { $0.int("unexplained") == 0 },
                "a snapshot had unexplained differences")
        let end = try #require(w.trace.records(type: "end").first)
        #expect(end.string("reason") == "exit")
        #expect(end.int("exit_code") == 0)
        #expect(end.int("lost_total") == 0)
    }

    @Test("--no-bpf polls /proc, says so, and reconciles cleanly")
    func pollingFallback() throws {
        let w = try Workload.run(extraArguments: ["--no-bpf"])
        #expect(w.run.status == 0, "vmscope exited \(w.run.status): \(w.run.standardError)")
        let start = try #require(w.trace.records(type: "start").first)
        #expect(start.string("source") == "polling")
        #expect(start.string("note") == "--no-bpf")
        #expect(w.trace.records(type: "snapshot").allSatisfy { $0.int("unexplained") == 0 })
        // Polling cannot see faults; it must not invent them.
        #expect(w.trace.events(kind: "faults").isEmpty)
        #expect(w.trace.records(type: "end").first?.string("reason") == "exit")
    }
}
