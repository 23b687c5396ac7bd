import Foundation
import Glibc
import Testing

extension TraceAcceptanceTests {
    /// Two vmscopes on one process each load their own probe: each sees every call, and
    /// neither's watching (or ending) changes what the other sees.
    @Suite("two instances")
    struct TwoInstancesTests {
        @Test("two trace -p of one looping workload for 1.5 s: both see its calls, both exact")
        func twoTracesOfOnePid() throws {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-two-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            // --loop KIB maps, touches and unmaps KIB KiB every 200 ms.
            let loop = try SpawnedProcess(BuiltProducts.workload, ["--loop", "116"], outputDirectory: scratch, name: "loop")
            defer {
                loop.signal(SIGKILL)
                _ = loop.wait(timeout: .seconds(5))
            }
            usleep(300_000) // past the loader
            let first = try RunningTrace(["--json", "-p", "\(loop.pid)"])
            let second = try RunningTrace(["--json", "-p", "\(loop.pid)"])
            #expect(first.waitUntilAttached() && second.waitUntilAttached(), "no start record within 30 s")
            usleep(1_500_000)
            // The first one ends first: the second must go on seeing the calls.
            let firstRun = first.stop(with: SIGINT)
            usleep(600_000)
            let secondRun = second.stop(with: SIGINT)
            var mapsSeen: [Int] = []
            for (name, run) in [("first", firstRun), ("second", secondRun)] {
                guard let records = TraceAcceptanceTests.records(of: run, "\(name) trace -p \(loop.pid)") else { continue }
                let events = records.records(type: "event").filter { $0.int("pid") == Int(loop.pid) }
                let maps = events.filter { $0.string("kind") == "mmap" && $0.u64("len") == 116 * 1024 }.count
                let unmaps = events.filter { $0.string("kind") == "munmap" && $0.u64("len") == 116 * 1024 }.count
                #expect(maps >= 3 && unmaps >= 3, "\(name): \(maps) mmap and \(unmaps) munmap events in 1.5 s (one each per 200 ms)")
                mapsSeen.append(maps)
                let problems = records.exactnessProblems
                #expect(problems.isEmpty, "\(name): \(problems.count) problem(s):\n  \(problems.prefix(8).joined(separator: "\n  "))")
            }
            // 0.6 s more of the loop after the first ended: the second saw them (3 more, allow 2).
            if mapsSeen.count == 2 {
                #expect(mapsSeen[1] >= mapsSeen[0] + 2, "the second saw \(mapsSeen[1]) mmaps to the first's \(mapsSeen[0])")
            }
        }
    }
}
