import Foundation
import Glibc
import Testing

extension TraceAcceptanceTests {
    /// The deployment the README describes for users without root: a copy given CAP_BPF and
    /// CAP_PERFMON with setcap, run by an ordinary user. It must load its probe, and write
    /// nothing but its own output (no file opened for writing behind the user's back).
    @Suite("setcap copy run as nobody")
    struct UnprivilegedCopyTests {
        static let tools = ["/usr/sbin/setcap", "/usr/bin/setpriv"]

        @Test("trace -p of nobody's own process: eBPF loads, no file is open for writing but stdout and stderr",
              .enabled(if: tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) },
                       "SKIPPED: needs setcap (apt-get install libcap2-bin) and setpriv (util-linux)"))
        func setcapCopyAsNobody() throws {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-setcap-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
            defer { try? FileManager.default.removeItem(at: scratch) }
            let copy = scratch.appendingPathComponent("vmscope")
            try FileManager.default.copyItem(at: BuiltProducts.vmscope, to: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
            let setcap = try SpawnedProcess(URL(filePath: Self.tools[0]), ["cap_bpf,cap_perfmon+ep", copy.path],
                                            outputDirectory: scratch, name: "setcap")
            #expect(setcap.wait(timeout: .seconds(10)) == 0, "setcap failed")

            let asNobody = ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--inh-caps=-all"]
            let sleeper = try SpawnedProcess(URL(filePath: Self.tools[1]), asNobody + ["/bin/sleep", "60"],
                                             outputDirectory: scratch, name: "sleep")
            defer {
                sleeper.signal(SIGKILL)
                _ = sleeper.wait(timeout: .seconds(5))
            }
            usleep(300_000)
            let trace = try SpawnedProcess(URL(filePath: Self.tools[1]),
                                           asNobody + [copy.path, "trace", "--json", "-p", "\(sleeper.pid)"],
                                           outputDirectory: scratch, name: "vmscope")
            defer {
                trace.signal(SIGKILL)
                _ = trace.wait(timeout: .seconds(5))
            }
            // setpriv execs vmscope in place: the same pid. Wait for its start record.
            let deadline = ContinuousClock.now + .seconds(30)
            var output = ""
            while ContinuousClock.now < deadline, !output.contains("\"type\":\"start\"") {
                usleep(20_000)
                output = (try? String(contentsOf: trace.standardOutputFile, encoding: .utf8)) ?? ""
            }
            #expect(output.contains("\"source\":\"eBPF\""), "the copy did not load its probe: \(output.prefix(300)) \((try? String(contentsOf: trace.standardErrorFile, encoding: .utf8)) ?? "")")

            var writable: [String] = []
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(trace.pid)/fd")) ?? []
            for fd in fds where Int(fd).map({ $0 > 2 }) ?? false {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(trace.pid)/fd/\(fd)"),
                      target.hasPrefix("/"),
                      let info = try? String(contentsOfFile: "/proc/\(trace.pid)/fdinfo/\(fd)", encoding: .utf8),
                      let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
                      let flags = Int(flagsLine.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8)
                else { continue }
                if flags & Int(O_ACCMODE) != Int(O_RDONLY) { writable.append("\(fd) → \(target)") }
            }
            #expect(!fds.isEmpty, "could not list the copy's descriptors")
            #expect(writable.isEmpty, "open for writing: \(writable)")
        }
    }
}
