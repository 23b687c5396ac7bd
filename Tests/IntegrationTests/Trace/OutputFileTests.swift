import Foundation
import Testing

extension TraceAcceptanceTests {
    /// `trace -o FILE`: the trace goes to FILE and nowhere else, the traced command's own output to
    /// vmscope's stdout, and FILE is complete when vmscope exits.
    @Suite("-o FILE")
    struct OutputFileTests {
        @Test("--json -o FILE: the child's line goes to stdout, FILE holds only JSON records and ends with `end`")
        func jsonToFile() throws {
            let run = try TraceFileRun.run(["--json", "--", "/bin/sh", "-c", "echo hello-from-child"], timeout: .seconds(30))
            guard let records = TraceAcceptanceTests.records(of: run, "echo") else { return }
            #expect(run.status == 0, "\(run.summary)")
            #expect(run.standardOutput == "hello-from-child\n",
                    "vmscope's stdout should be the child's line alone: \(run.standardOutput.prefix(400).debugDescription)")
            // (The command line itself, in the start record, does name it.)
            #expect(!run.traceText.split(separator: "\n").contains("hello-from-child"), "the child's output leaked into the trace file")
            #expect(run.traceText.hasSuffix("\n"), "the trace file does not end with a whole line")
            #expect(records.all.first?.string("type") == "start", "first record: \(records.all.first ?? [:])")
            let end = records.all.last
            #expect(end?.string("type") == "end", "the file is not complete: last record \(end ?? [:])")
            #expect(end?.string("reason") == "exit" && end?.int("exit_code") == 0, "end record \(end ?? [:])")
            #expect(records.events(kind: "exec").contains { $0.string("filename") == "/bin/sh" },
                    "no exec of /bin/sh in the trace file")
        }

        @Test("-o FILE without --json: the table goes to FILE, the child's line to stdout")
        func tableToFile() throws {
            let run = try TraceFileRun.run(["--", "/bin/sh", "-c", "echo hello-from-child"], timeout: .seconds(30))
            guard run.traceData != nil else {
                Issue.record("no trace file: \(run.summary)")
                return
            }
            #expect(run.status == 0, "\(run.summary)")
            #expect(run.standardOutput == "hello-from-child\n",
                    "vmscope's stdout should be the child's line alone: \(run.standardOutput.prefix(400).debugDescription)")
            let lines = run.traceText.split(separator: "\n")
            #expect(!lines.contains("hello-from-child"), "the child's output leaked into the trace file")
            #expect(lines.first?.hasPrefix("# ") == true, "the table does not start with vmscope's note: \(lines.first ?? "empty file")")
            #expect(lines.contains { $0.contains(" exec ") && $0.hasSuffix("/bin/sh") }, "no exec line in the table")
            // The last line is vmscope's note of the process's end with its totals.
            #expect(lines.last.map { $0.hasPrefix("#") && $0.contains("exited 0") } == true,
                    "the table is not complete: last line \(lines.last ?? "none")")
        }

        @Test("-o FILE is not inherited: the traced command has no descriptor open on it")
        func fileNotInherited() throws {
            // ls lists its own descriptors: what the shell, and so the command, inherited.
            let run = try TraceFileRun.run(["--json", "--", "/bin/ls", "-l", "/proc/self/fd/"], timeout: .seconds(30))
            guard TraceAcceptanceTests.records(of: run, "fd list") != nil else { return }
            #expect(run.status == 0, "\(run.summary)")
            let open = run.standardOutput.split(separator: "\n")
            #expect(!open.isEmpty, "the command listed no descriptors: \(run.summary)")
            #expect(!open.contains { $0.hasSuffix("/trace.out") }, "the command inherited the trace file: \(open)")
        }

        @Test("a process that exits at once still gets its initial snapshot before `end` (5 runs of /bin/true)",
              arguments: 1...5)
        func shortLivedProcessSnapshot(round: Int) throws {
            let context = "/bin/true, round \(round)"
            let run = try TraceFileRun.run(["--json", "--", "/bin/true"], timeout: .seconds(30))
            guard let records = TraceAcceptanceTests.records(of: run, context) else { return }
            #expect(run.status == 0, "\(context): \(run.summary)")
            let pid = records.records(type: "start").first?.int("pid")
            let types = records.all.compactMap { $0.string("type") }
            let snapshot = records.all.firstIndex { $0.string("type") == "snapshot" && $0["initial"] as? Bool == true && $0.int("pid") == pid }
            let end = records.all.lastIndex { $0.string("type") == "end" }
            #expect(snapshot != nil, "\(context): no initial snapshot record of pid \(pid ?? -1); record types: \(Array(Set(types)).sorted())")
            if let snapshot, let end { #expect(snapshot < end, "\(context): the snapshot comes after the end record") }
            #expect(records.events(kind: "exec").count == 1, "\(context): exec events \(records.events(kind: "exec").count)")
            #expect(records.exactnessProblems.isEmpty, "\(context): \(records.exactnessProblems)")
        }
    }
}
