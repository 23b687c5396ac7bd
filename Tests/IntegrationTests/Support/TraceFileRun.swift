import Foundation
import Glibc

/// A process started with posix_spawn, stdout and stderr going to files (never a pipe that could
/// fill), with a clean signal mask and default dispositions: test workers block signals, and a
/// child would inherit that (a blocked SIGINT never reaches vmscope's handler, a blocked SIGTERM
/// never stops a workload).
final class SpawnedProcess {
    let pid: pid_t
    let standardOutputFile: URL
    let standardErrorFile: URL
    private var reaped: Int32?

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(_ executable: URL, _ arguments: [String], outputDirectory: URL, name: String) throws {
        standardOutputFile = outputDirectory.appendingPathComponent("\(name).stdout")
        standardErrorFile = outputDirectory.appendingPathComponent("\(name).stderr")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, standardErrorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable.path, &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(executable.path): \(String(cString: strerror(spawned)))")
        }
        pid = child
    }

    deinit {
        if reaped == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }

    func signal(_ number: Int32) { if reaped == nil { kill(pid, number) } }

    /// Waits for the process to end; its exit status as a shell reports it (the code, or 128 +
    /// the signal), or nil when `timeout` passed first (the process is then killed and reaped).
    func wait(timeout: Duration) -> Int32? {
        if let reaped { return reaped }
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { return nil }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                reaped = -1
                return nil
            }
            usleep(2_000)
        }
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        reaped = code
        return code
    }

    var standardOutput: String { (try? String(contentsOf: standardOutputFile, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOf: standardErrorFile, encoding: .utf8)) ?? "" }
}

/// `vmscope trace ... -o FILE` while it runs: the trace goes to FILE (in a scratch directory of
/// its own), the traced command's own output to vmscope's stdout.
final class RunningTrace {
    let arguments: [String]
    let scratch: URL
    let traceFile: URL
    private let process: SpawnedProcess
    private let started = ContinuousClock.now

    /// Starts `vmscope trace ARGS` with `-o FILE` added before `--` (or at the end when there is
    /// no `--`).
    init(_ arguments: [String]) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        traceFile = scratch.appendingPathComponent("trace.out")
        let dashes = arguments.firstIndex(of: "--") ?? arguments.endIndex
        let full = ["trace"] + arguments[..<dashes] + ["-o", traceFile.path] + arguments[dashes...]
        self.arguments = full
        process = try SpawnedProcess(BuiltProducts.vmscope, full, outputDirectory: scratch, name: "vmscope")
    }

    var pid: pid_t { process.pid }

    /// Waits for vmscope to end by itself (killing it after `timeout`).
    func finish(timeout: Duration = .seconds(120)) -> TraceFileRun {
        let status = process.wait(timeout: timeout)
        let elapsed = ContinuousClock.now - started
        let run = TraceFileRun(arguments: arguments, status: status, standardOutput: process.standardOutput,
                               standardError: process.standardError,
                               traceData: FileManager.default.contents(atPath: traceFile.path),
                               seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        try? FileManager.default.removeItem(at: scratch)
        return run
    }

    /// Sends `signal` (SIGINT: what Ctrl-C does), then waits for vmscope to end.
    func stop(with signal: Int32, timeout: Duration = .seconds(10)) -> TraceFileRun {
        process.signal(signal)
        return finish(timeout: timeout)
    }
}

/// A finished `vmscope trace ... -o FILE`: everything a failure message needs, kept after the
/// scratch directory is gone.
struct TraceFileRun {
    let arguments: [String]
    /// vmscope's exit status (the code, or 128 + signal); nil when it did not end in time.
    let status: Int32?
    let standardOutput: String
    let standardError: String
    /// The trace file's bytes; nil when vmscope did not create it.
    let traceData: Data?
    let seconds: Double

    /// Runs `vmscope trace ARGS -o FILE` to completion (see `RunningTrace.init`).
    static func run(_ arguments: [String], timeout: Duration = .seconds(120)) throws -> TraceFileRun {
        try RunningTrace(arguments).finish(timeout: timeout)
    }

    var traceText: String { traceData.map { String(decoding: $0, as: UTF8.self) } ?? "" }

    /// The trace file as records, or why it cannot be read as JSON Lines (the first bad line).
    /// Lines are found with memchr: a storm's trace is tens of megabytes, and walking it a byte
    /// at a time in a debug build takes longer than the trace did.
    func records() -> Result<JSONRecords, TraceFileProblem> {
        guard let data = traceData else { return .failure(TraceFileProblem(description: "vmscope wrote no trace file")) }
        var lines: [Range<Int>] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var start = 0
            while start < raw.count {
                let newline = memchr(base + start, 0x0A, raw.count - start)
                let end: Int = newline.map { UnsafeRawPointer($0) - base } ?? raw.count
                lines.append(start..<end)
                start = end + 1
            }
        }
        var all: [[String: Any]] = []
        all.reserveCapacity(lines.count)
        for (index, range) in lines.enumerated() {
            let line = data.subdata(in: range)
            guard let object = try? JSONSerialization.jsonObject(with: line), let record = object as? [String: Any] else {
                let text = String(decoding: line.prefix(200), as: UTF8.self)
                return .failure(TraceFileProblem(description: "line \(index + 1) of the trace file is not a JSON object: \(text.debugDescription)"))
            }
            all.append(record)
        }
        return .success(JSONRecords(records: all))
    }

    /// Status, stderr and the file's state in one line, for failure messages.
    var summary: String {
        let statusText = status.map { "exited \($0)" } ?? "did not end in time (killed)"
        let errorText = standardError.split(separator: "\n").prefix(4).joined(separator: " | ")
        let fileText = traceData.map { "trace file \($0.count) bytes; " } ?? ""
        return "`vmscope \(arguments.joined(separator: " "))` \(statusText) after \(String(format: "%.1f", seconds)) s; "
            + "\(fileText)stderr: \(errorText.isEmpty ? "(empty)" : errorText)"
    }
}

struct TraceFileProblem: Error, CustomStringConvertible {
    let description: String
}

extension JSONRecords {
    init(records: [[String: Any]]) { all = records }

    /// Everything that breaks the exactness rule: snapshots with unexplained differences, lost
    /// records, no `end` record, an end that counts unexplained or lost. Empty when the trace is
    /// exact.
    var exactnessProblems: [String] {
        var problems: [String] = []
        for snapshot in records(type: "snapshot") where (snapshot.int("unexplained") ?? -1) != 0 {
            let differences = (snapshot["differences"] as? [String]) ?? []
            let t = (snapshot["t"] as? NSNumber)?.doubleValue ?? .nan
            problems.append("snapshot of pid \(snapshot.int("pid") ?? -1) at t=\(String(format: "%.3f", t)) s "
                + "(exec: \((snapshot["exec"] as? Bool).map { "\($0)" } ?? "?"), events applied \(snapshot.int("events_applied") ?? -1)): "
                + "unexplained \(snapshot.int("unexplained").map(String.init) ?? "missing"): "
                + differences.prefix(3).joined(separator: "; ") + (differences.count > 3 ? "; ..." : ""))
        }
        for lost in events(kind: "lost") { problems.append("lost record: \(lost.int("count") ?? -1) records dropped") }
        let ends = records(type: "end")
        if ends.isEmpty { problems.append("no end record") }
        for end in ends {
            if end.int("lost_total") != 0 { problems.append("end of pid \(end.int("pid") ?? -1): lost_total \(end.int("lost_total").map(String.init) ?? "missing")") }
            if let total = end.int("unexplained_total"), total != 0 {
                problems.append("end of pid \(end.int("pid") ?? -1): unexplained_total \(total)")
            }
        }
        return problems
    }
}
