import Foundation
import Glibc

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

    /// Waits until the trace has begun (its `start` record, written once every process is
    /// watched), so that what a test times is traced time, not vmscope's start-up on a busy
    /// machine. Returns false after `timeout`.
    @discardableResult
    func waitUntilAttached(timeout: Duration = .seconds(30)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let data = FileManager.default.contents(atPath: traceFile.path), !data.isEmpty { return true }
            usleep(10_000)
        }
        return false
    }

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
