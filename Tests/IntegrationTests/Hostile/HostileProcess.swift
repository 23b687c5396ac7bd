import Foundation
import Glibc

/// `vmscope-workload hostile`, left running: a process whose comm, argv, executable path and
/// mapped file and memfd names are all terminal escapes, invalid UTF-8, wide and zero-width
/// characters (Sources/vmscope-workload/hostile.c has the list).
final class HostileProcess {
    let scratch: URL
    let process: Process
    let pid: pid_t

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let ready = scratch.appendingPathComponent("ready")
        process = Process()
        process.executableURL = BuiltProducts.workload
        process.arguments = ["hostile", scratch.path, ready.path]
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        var found: pid_t?
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: ready, encoding: .utf8), let value = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                found = value
                break
            }
            usleep(20_000)
        }
        guard let found else {
            process.terminate()
            throw HostileError("the hostile workload did not get ready in 20 s")
        }
        pid = found
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Memfd and file names that are valid UTF-8 (so JSON can carry them exactly) and have no
    /// newline (maps writes that one as \012).
    static let recoverableNames = [
        "sgr-\u{1b}[31mred\u{1b}[0m", "osc-\u{1b}]0;pwned-title\u{07}", "bel-\u{07}\u{07}", "c1-\u{9b}2J",
        "del-\u{7f}", "tab-\t-cr-\r", "rtl-\u{202e}txt", "wide-日本-zw\u{200b}\u{200d}",
    ]

    struct HostileError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
