import Foundation
import Glibc
import Testing

extension TraceAcceptanceTests {
    /// Nothing vmscope loads outlives it, however it ends: its programs, links and maps belong to
    /// its descriptors, so the kernel frees them when the process goes, SIGKILL included.
    @Suite("eBPF released")
    struct ProbeReleaseTests {
        /// The ids of the eBPF programs and maps `pid` holds, from its descriptors' fdinfo.
        static func objects(of pid: pid_t) -> (programs: Set<Int>, maps: Set<Int>) {
            var programs = Set<Int>(), maps = Set<Int>()
            let directory = "/proc/\(pid)/fdinfo"
            for fd in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                guard let text = try? String(contentsOfFile: "\(directory)/\(fd)", encoding: .utf8) else { continue }
                for line in text.split(separator: "\n") {
                    let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard parts.count == 2, let id = Int(parts[1]) else { continue }
                    if parts[0] == "prog_id" { programs.insert(id) }
                    if parts[0] == "map_id" { maps.insert(id) }
                }
            }
            return (programs, maps)
        }

        /// Whether the kernel still has the object, asked through bpftool.
        static func exists(_ kind: String, id: Int) -> Bool {
            let process = Process()
            process.executableURL = URL(filePath: "/usr/sbin/bpftool")
            process.arguments = [kind, "show", "id", String(id)]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return true }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }

        @Test("SIGKILL of trace -p: every program and map it loaded is gone",
              .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/bpftool"),
                       "SKIPPED: needs bpftool (apt-get install bpftool) to ask the kernel for the ids"))
        func sigkillReleasesEverything() throws {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-release-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let sleeper = try SpawnedProcess(URL(filePath: "/bin/sleep"), ["60"], outputDirectory: scratch, name: "sleep")
            defer {
                sleeper.signal(SIGKILL)
                _ = sleeper.wait(timeout: .seconds(5))
            }
            let trace = try RunningTrace(["--json", "-p", "\(sleeper.pid)"])
            #expect(trace.waitUntilAttached(), "no start record within 30 s")
            let held = Self.objects(of: trace.pid)
            #expect(!held.programs.isEmpty && !held.maps.isEmpty, "vmscope holds no eBPF objects: \(held)")

            _ = trace.stop(with: SIGKILL)
            // The kernel frees them once the last reference goes (after an RCU grace period).
            let deadline = ContinuousClock.now + .seconds(10)
            var left = (programs: held.programs, maps: held.maps)
            while ContinuousClock.now < deadline {
                left.programs = left.programs.filter { Self.exists("prog", id: $0) }
                left.maps = left.maps.filter { Self.exists("map", id: $0) }
                if left.programs.isEmpty && left.maps.isEmpty { break }
                usleep(100_000)
            }
            #expect(left.programs.isEmpty, "programs still loaded after SIGKILL: \(left.programs.sorted())")
            #expect(left.maps.isEmpty, "maps still alive after SIGKILL: \(left.maps.sorted())")
        }
    }
}
