import Foundation
import Glibc
import Testing

extension TraceAcceptanceTests {
    /// `trace -p A,B`: several running processes in one trace, each record carrying its pid.
    @Suite("-p with several pids")
    struct MultiplePidTests {
        @Test("-p A,B of two looping workloads for 1.5 s, then SIGINT: both pids' events, each with its own size")
        func twoPids() throws {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-pids-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            // --loop KIB maps, touches and unmaps KIB KiB every 200 ms: sizes nothing else maps.
            let small = try SpawnedProcess(BuiltProducts.workload, ["--loop", "116"], outputDirectory: scratch, name: "small")
            let large = try SpawnedProcess(BuiltProducts.workload, ["--loop", "456"], outputDirectory: scratch, name: "large")
            defer {
                small.signal(SIGKILL)
                large.signal(SIGKILL)
                _ = small.wait(timeout: .seconds(5))
                _ = large.wait(timeout: .seconds(5))
            }
            usleep(300_000) // past the loader
            let trace = try RunningTrace(["--json", "-p", "\(small.pid),\(large.pid)"])
            #expect(trace.waitUntilAttached(), "no start record within 30 s")
            usleep(1_500_000)
            let run = trace.stop(with: SIGINT)
            guard let records = TraceAcceptanceTests.records(of: run, "-p \(small.pid),\(large.pid)") else { return }
            #expect(run.status != nil, "vmscope did not end within 10 s of SIGINT: \(run.summary)")
            #expect(run.status == 0 || run.status == 130, "\(run.summary)")
            #expect(records.all.last?.string("type") == "end", "the file is not complete: last record \(records.all.last ?? [:])")
            let started = Set((records.records(type: "start").first?["pids"] as? [NSNumber])?.map(\.intValue) ?? [])
            #expect(started == [Int(small.pid), Int(large.pid)], "start record's pids: \(started.sorted())")

            for (process, kib) in [(small, 116), (large, 456)] {
                let pid = Int(process.pid)
                let events = records.records(type: "event").filter { $0.int("pid") == pid }
                let maps = events.filter { $0.string("kind") == "mmap" }, unmaps = events.filter { $0.string("kind") == "munmap" }
                #expect(maps.count >= 3 && unmaps.count >= 3,
                        "pid \(pid) (--loop \(kib)): \(maps.count) mmap and \(unmaps.count) munmap events in 1.5 s (one each per 200 ms)")
                let sizes = Set((maps + unmaps).compactMap { $0.u64("len") })
                #expect(sizes == [UInt64(kib) * 1024], "pid \(pid) (--loop \(kib)): event sizes \(sizes.sorted())")
                #expect(records.records(type: "snapshot").contains { $0.int("pid") == pid }, "pid \(pid) has no snapshot record")
                let ends = records.records(type: "end").filter { $0.int("pid") == pid }
                #expect(ends.count == 1 && ends.first?.string("reason") == "interrupted",
                        "pid \(pid) was still running at SIGINT: end records \(ends)")
            }
            let problems = records.exactnessProblems
            #expect(problems.isEmpty, "\(problems.count) problem(s):\n  \(problems.prefix(8).joined(separator: "\n  "))")
        }
    }
}
