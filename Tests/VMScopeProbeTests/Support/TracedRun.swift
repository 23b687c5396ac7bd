import Foundation
import Testing
import VMScopeCore
import VMScopeProbe

/// Runs a command paused, watches it from its first instruction, releases it and drains the
/// source until its exit event arrives (or a timeout), like the `trace -- CMD` path does.
struct TracedRun {
    let pid: Int32
    let events: [MemoryEvent]
    let waitStatus: Int32?

    var own: [MemoryEvent] { events.filter { $0.tgid == pid } }

    /// `drainEvery`: the pause between drains (0: drain back to back, as hard as a reader can).
    static func run(_ command: [String], source: BPFEventSource, awaitingExec: Bool = false,
                    timeout: Duration = .seconds(20), drainEvery microseconds: UInt32 = 20_000) throws -> TracedRun {
        let child = try PausedChild(command: command)
        try source.watch(pid: child.pid, awaitingExec: awaitingExec)
        try child.release()
        var events: [MemoryEvent] = []
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var exited = false
        while clock.now < deadline {
            events += try source.drain()
            exited = events.contains { $0.tgid == child.pid && $0.isExit }
            if exited { break }
            if microseconds > 0 { usleep(microseconds) }
        }
        if !exited { child.kill(SIGKILL) }
        let status = child.wait(blocking: true)
        return TracedRun(pid: child.pid, events: events, waitStatus: status)
    }
}

extension MemoryEvent {
    var isExit: Bool {
        if case .exit = kind { return true }
        return false
    }

    var isExec: Bool {
        if case .exec = kind { return true }
        return false
    }

    var layout: KernelLayout? {
        if case .layout(let layout) = kind { return layout }
        return nil
    }
}

/// Paths of the package's executables, which `swift test` builds next to the test bundle.
enum BuiltProducts {
    static let directory: URL = {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }()

    static var workload: URL { directory.appendingPathComponent("vmscope-workload") }
}

/// The JSON lines a workload wrote, one dictionary per line.
enum ReportLines {
    static func read(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

/// The real interpreter: `python3` on PATH may be a shim script (pyenv) that forks and execs,
/// which would add processes and execs the tests do not expect.
enum Python {
    static let executable: String = {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "python3" }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let path = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? "python3" : path
    }()
}
