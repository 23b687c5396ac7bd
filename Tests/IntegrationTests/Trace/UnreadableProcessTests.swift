import Foundation
import Glibc
import Testing

/// `trace -p` of a process whose maps vmscope may not read (here: vmscope run as nobody, with no
/// capabilities, on pid 1, a root process): one line naming the pid and what to do, and failure,
/// instead of a start line, `0 events` and success.
@Suite("trace of a process it may not read")
struct UnreadableProcessTests {
    static let setpriv = "/usr/bin/setpriv"

    @Test("as nobody, trace -p 1 names the pid, says what to do and exits 1",
          .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: setpriv)))
    func unreadable() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-nobody-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = try SpawnedProcess(URL(fileURLWithPath: Self.setpriv),
                                         ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                                          "--bounding-set=-all", BuiltProducts.vmscope.path, "trace", "-p", "1"],
                                         outputDirectory: scratch, name: "trace")
        let status = process.wait(timeout: .seconds(20))
        let stderr = process.standardError
        #expect(status == 1, "exit \(String(describing: status)); stderr: \(stderr); stdout: \(process.standardOutput)")
        let lines = stderr.split(separator: "\n")
        #expect(lines.contains { $0.contains("pid 1:") && $0.contains("permission denied") && $0.contains("run as root") },
                "\(stderr)")
        #expect(!process.standardOutput.contains("0 events"), "\(process.standardOutput)")
    }
}
