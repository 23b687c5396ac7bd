import Foundation
import Testing

/// 32-bit (ia32) processes traced for real: the workload built with `gcc -m32`, run under
/// `vmscope trace --json`, every operation it reports checked against what the trace saw, with
/// the i386 interface named on every call and nothing left unexplained.
@Suite("32-bit processes", .serialized,
       .enabled(if: KernelSupport.bpfAvailable, Comment(rawValue: KernelSupport.bpfMissingReason ?? "")),
       .enabled(if: CompatWorkload.path != nil, Comment(rawValue: CompatWorkload.missingReason ?? "")))
struct CompatTraceTests {
    /// A workload mode that writes its report to the file named after the mode.
    struct ModeRun {
        let operations: [[String: Any]]
        let trace: JSONRecords
        let run: CommandRun

        static func run(_ workload: URL, _ mode: String) throws -> ModeRun {
            let report = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-\(mode)-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: report) }
            let run = try CommandRun.run(BuiltProducts.vmscope, ["trace", "--json", "--interval", "50", "--",
                                                                 workload.path, mode, report.path])
            let operations = try JSONRecords(String(contentsOf: report, encoding: .utf8)).all
            return ModeRun(operations: operations, trace: try JSONRecords(run.standardOutput), run: run)
        }

        func operations(_ op: String) -> [[String: Any]] { operations.filter { $0.string("op") == op } }

        /// The pid's call events (the ones with an `abi`).
        var calls: [[String: Any]] { trace.records(type: "event").filter { $0["abi"] != nil } }
    }

    static func expectExact(_ trace: JSONRecords, sourceLocation: SourceLocation = #_sourceLocation) {
        let problems = trace.exactnessProblems
        #expect(problems.isEmpty, "\(problems.prefix(5))", sourceLocation: sourceLocation)
    }

    @Test("the workload's brk, mmap, munmap, mprotect, mremap and a failure, all as i386 calls at their addresses")
    func everyOperationOfThe32BitWorkloadSeen() throws {
        let w = try TraceWorkloadTests.Workload.run(extraArguments: [], workload: try #require(CompatWorkload.path))
        try TraceWorkloadTests.expectEveryOperationSeen(w)
        let calls = w.trace.records(type: "event").filter { $0["abi"] != nil }
        #expect(calls.count > 20)
        let other = calls.filter { $0.string("abi") != "i386" }
        #expect(other.isEmpty, "a 32-bit program makes i386 calls only: \(other.prefix(3))")
        #expect(w.trace.records(type: "event").filter { $0.string("kind") == "faults" }.allSatisfy { $0["abi"] == nil })
        Self.expectExact(w.trace)
    }

    @Test("shm, pkey_mprotect, madvise, the mlock family, mseal, aio rings and failing execs of a 32-bit program")
    func everyOtherCallOfThe32BitWorkloadSeen() throws {
        let m = try ModeRun.run(try #require(CompatWorkload.path), "calls")
        #expect(m.run.status == 0, "\(m.run.standardError)")
        #expect(m.operations.last?.string("op") == "end")
        let events = m.trace.records(type: "event")
        var checked: Set<String> = []
        for op in m.operations {
            guard let name = op.string("op"), name != "start", name != "end", name != "note" else { continue }
            let code = op.int("errno") ?? 0
            if name == "failed" || code != 0 {
                let call = name == "failed" ? op.string("syscall") : name
                #expect(events.contains {
                    $0.string("kind") == "failed" && $0.string("syscall") == call && $0.int("errno") == code
                        && $0.string("abi") == "i386"
                }, "failure not seen: \(op)")
                checked.insert("failed " + (call ?? "?"))
                continue
            }
            let kind = name == "pkey_mprotect" ? "pkey_mprotect" : name
            let seen = events.contains {
                $0.string("kind") == kind && $0.u64("addr") == op.u64("addr") && $0.string("abi") == "i386"
                    && (["mlockall", "munlockall"].contains(kind) || $0.u64("len") == op.u64("len"))
            }
            #expect(seen, "not seen as an i386 call at its address and length: \(op)")
            checked.insert(name)
        }
        #expect(checked.isSuperset(of: ["shmat", "shmdt", "mprotect", "pkey_mprotect", "madvise", "mlock", "munlock",
                                        "mlock2", "mlockall", "munlockall", "mseal", "io_setup", "io_destroy",
                                        "failed execve", "failed execveat", "failed shmat", "failed shmdt"]),
                "checked only \(checked.sorted())")
        Self.expectExact(m.trace)
    }

    @Test("the i386 calls x86-64 has no twin of: old mmap, mmap2 with a page offset, shmat/shmdt direct and through ipc")
    func i386OnlyCallsSeen() throws {
        let m = try ModeRun.run(try #require(CompatWorkload.path), "compat-calls")
        #expect(m.run.status == 0, "\(m.run.standardError)")
        #expect(m.operations.first?.int("bits") == 32)
        let mmaps = m.trace.events(kind: "mmap").filter { $0.string("abi") == "i386" }
        let old = try #require(m.operations("old_mmap").first)
        #expect(old.int("errno") == 0)
        #expect(mmaps.contains { $0.u64("addr") == old.u64("addr") && $0.u64("len") == old.u64("len")
            && $0.int("prot_bits") == old.int("prot") && $0.int("flag_bits") == old.int("flags") },
                "the old one-argument mmap (arguments in user memory) not seen: \(old)")
        let mmap2 = try #require(m.operations("mmap2").first)
        #expect(mmap2.int("errno") == 0)
        let file = mmaps.first { $0.u64("addr") == mmap2.u64("addr") }
        #expect(file?.u64("len") == mmap2.u64("len"))
        #expect(file?.u64("offset") == mmap2.u64("offset"), "mmap2's offset is in pages: \(file ?? [:])")
        #expect(file?.int("fd") == mmap2.int("fd"))
        let name = URL(fileURLWithPath: mmap2.string("path") ?? "?").lastPathComponent
        #expect(file?.string("path")?.hasSuffix(name) == true)
        for op in m.operations("munmap") {
            #expect(m.trace.events(kind: "munmap").contains { $0.u64("addr") == op.u64("addr") && $0.u64("len") == op.u64("len") },
                    "munmap not seen: \(op)")
        }
        for via in ["direct", "ipc"] {
            let at = try #require(m.operations("shmat").first { $0.string("via") == via })
            let dt = try #require(m.operations("shmdt").first { $0.string("via") == via })
            #expect(at.int("errno") == 0 && dt.int("errno") == 0)
            #expect(m.trace.events(kind: "shmat").contains {
                $0.u64("addr") == at.u64("addr") && $0.u64("len") == at.u64("len") && $0.int("shmid") == at.int("shmid")
                    && ($0["read_only"] as? Bool) == (at["read_only"] as? Bool ?? false) && $0.string("abi") == "i386"
            }, "shmat through \(via) not seen: \(at)")
            #expect(m.trace.events(kind: "shmdt").contains {
                $0.u64("addr") == dt.u64("addr") && $0.u64("len") == dt.u64("len") && $0.string("abi") == "i386"
            }, "shmdt through \(via) not seen: \(dt)")
        }
        Self.expectExact(m.trace)
    }

    @Test("a 64-bit program's int 0x80 calls are i386 calls, its others x86-64 ones")
    func int80FromA64BitProgram() throws {
        let m = try ModeRun.run(BuiltProducts.workload, "compat-calls")
        #expect(m.run.status == 0, "\(m.run.standardError)")
        #expect(m.operations.first?.int("bits") == 64)
        let mmap = try #require(m.operations("int80_mmap2").first)
        #expect(mmap.int("errno") == 0)
        #expect(try #require(mmap.u64("addr")) < 1 << 32, "an i386 mmap places below 4 GiB")
        let seen = m.trace.events(kind: "mmap").first { $0.u64("addr") == mmap.u64("addr") && $0.u64("len") == mmap.u64("len") }
        #expect(seen?.string("abi") == "i386", "int 0x80 mmap2 not seen as an i386 call: \(seen ?? [:])")
        #expect(seen?["collision"] == nil, "a mapping its own (below 4 GiB) search placed is no collision: \(seen ?? [:])")
        let protect = try #require(m.operations("int80_mprotect").first)
        #expect(m.trace.events(kind: "mprotect").contains {
            $0.u64("addr") == protect.u64("addr") && $0.u64("len") == protect.u64("len") && $0.string("abi") == "i386"
        })
        let unmap = try #require(m.operations("int80_munmap").first)
        #expect(m.trace.events(kind: "munmap").contains {
            $0.u64("addr") == unmap.u64("addr") && $0.u64("len") == unmap.u64("len") && $0.string("abi") == "i386"
        })
        // Everything else the program did (the loader's mappings) went through the 64-bit table.
        let others = m.calls.filter { ($0.u64("addr") ?? 0) >= 1 << 32 }
        #expect(!others.isEmpty && others.allSatisfy { $0.string("abi") == "x86_64" })
        Self.expectExact(m.trace)
    }

    @Test("malloc until it fails: every block seen, mappings below the executable, brk refused, fragmentation named")
    func mallocUntilFailure() throws {
        let m = try ModeRun.run(try #require(CompatWorkload.path), "exhaust")
        #expect(m.run.status == 0, "\(m.run.standardError)")
        let start = try #require(m.operations("start").first)
        #expect(start.int("bits") == 32)
        let exhausted = try #require(m.operations("exhausted").first)
        // 3 968 MiB when it ran for the issue; the exact count depends on where ASLR put things.
        #expect(try #require(exhausted.u64("mib")) > 3_500, "malloc failed early: \(exhausted)")

        let mmaps = m.trace.events(kind: "mmap")
        let blocks = m.operations("block")
        #expect(blocks.count == exhausted.int("blocks"))
        for block in blocks {
            #expect(mmaps.contains { $0.u64("addr") == block.u64("map") && ($0.u64("len") ?? 0) >= 64 << 20
                && $0.string("abi") == "i386" }, "block \(block) not seen")
        }
        // The space filled down to the heap, then below the executable.
        let program = try #require(start.u64("main"))
        #expect(blocks.contains { ($0.u64("map") ?? .max) < program }, "no block below the executable")

        let collisions = m.trace.records(type: "event").compactMap { $0["collision"] as? [String: Any] }
        let below = try #require(collisions.first { $0.string("kind") == "mmap-below-executable" },
                                 "the first mapping below the executable was not called out: \(collisions)")
        let belowEnd = try #require(below.u64("end")), imageStart = try #require(below.u64("image_start"))
        #expect(belowEnd <= imageStart)
        #expect(collisions.filter { $0.string("kind") == "mmap-below-executable" }.count == 1,
                "only the first one is the moment")
        let refused = try #require(collisions.first { $0.string("kind") == "brk-refused" },
                                   "malloc's brk after mmap failed was not called out as refused")
        let blocker = try #require(refused["blocked_by"] as? [String: Any])
        let blockerStart = try #require(blocker.u64("start")), breakBefore = try #require(refused.u64("start"))
        #expect(blockerStart > breakBefore, "the mapping in the way lies above the break")
        #expect(refused.string("reason")?.contains("refused: mapping at") == true)

        // mmap's failures come with the searches that failed.
        let failures = m.trace.events(kind: "failed").filter { $0.string("syscall") == "mmap" }
        #expect(!failures.isEmpty)
        for failure in failures {
            let searches = try #require(failure["gap_searches"] as? [[String: Any]], "no gap search on \(failure)")
            #expect(!searches.isEmpty && searches.allSatisfy { $0["failed"] as? Bool == true && $0["result"] is NSNull })
            #expect(searches.allSatisfy { $0.u64("free_in_window") != nil })
        }
        // After two blocks that are not neighbours are freed, 128 MiB are free but 100 MiB fit nowhere.
        let fragmented = try #require(m.operations("fragmented").first)
        #expect(fragmented.u64("result") == 0, "100 MiB found a place after all: \(fragmented)")
        #expect(failures.contains { failure in
            (failure["gap_searches"] as? [[String: Any]] ?? []).contains {
                $0["fragmentation"] as? Bool == true && ($0.u64("length") ?? 0) >= 100 << 20
                    && ($0.u64("free_in_window") ?? 0) >= 128 << 20
            }
        }, "the 100 MiB failure was not called fragmentation: \(failures.filter { ($0.u64("len") ?? 0) >= 100 << 20 }.map { $0["gap_searches"] ?? "none" })")
        // Every successful placement says where the kernel searched.
        #expect(mmaps.filter { $0.u64("len") ?? 0 >= 64 << 20 }.allSatisfy {
            ($0["gap_searches"] as? [[String: Any]])?.last?.u64("result") == $0.u64("addr")
        })
        Self.expectExact(m.trace)
    }
}
