import Foundation
import Glibc
import Testing

extension TraceAcceptanceTests {
    /// `trace --follow`: children the traced process forks, and what they exec, are traced too,
    /// each record carrying its pid (like strace -f).
    @Suite("--follow")
    struct FollowTests {
        static let compiler = ["/usr/bin/cc", "/usr/bin/gcc"].first { FileManager.default.isExecutableFile(atPath: $0) }

        @Test("--follow of `sh -c 'cc -c x.c'`: cc1 and as are traced as their own pids, each with a snapshot",
              .enabled(if: compiler != nil, "no C compiler (/usr/bin/cc or gcc): the --follow test traces a compile, whose driver forks cc1 and as"))
        func followCompile() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-follow-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let source = directory.appendingPathComponent("x.c"), object = directory.appendingPathComponent("x.o")
            try "int twice(int x) { return 2 * x; }\n".write(to: source, atomically: true, encoding: .utf8)
            let command = "cc -c \(source.path) -o \(object.path)"
            let run = try TraceFileRun.run(["--follow", "--json", "--", "/bin/sh", "-c", command], timeout: .seconds(60))
            guard let records = TraceAcceptanceTests.records(of: run, "follow") else { return }
            #expect(run.status == 0, "\(run.summary)")
            #expect(FileManager.default.fileExists(atPath: object.path), "the compile under trace produced no x.o")

            let events = records.records(type: "event")
            let pids = Set(events.compactMap { $0.int("pid") }.filter { $0 > 0 })
            #expect(pids.count >= 3, "records carry \(pids.count) distinct pid(s) (\(pids.sorted())); sh/cc, cc1 and as are three")
            let execs = records.events(kind: "exec")
            let cc1 = execs.first { ($0.string("filename") ?? "").hasSuffix("/cc1") }?.int("pid")
            let assembler = execs.first { let f = $0.string("filename") ?? ""; return f == "as" || f.hasSuffix("/as") }?.int("pid")
            #expect(cc1 != nil, "no exec of cc1 among \(execs.compactMap { $0.string("filename") })")
            #expect(assembler != nil, "no exec of as among \(execs.compactMap { $0.string("filename") })")
            for (name, pid) in [("cc1", cc1), ("as", assembler)] {
                guard let pid else { continue }
                let mmaps = records.events(kind: "mmap").filter { $0.int("pid") == pid }
                #expect(!mmaps.isEmpty, "no mmap events of \(name) (pid \(pid))")
            }
            // Each followed process gets its own first snapshot, however short it lives, a
            // `process` record saying why it joined, and one `end` record with its accounting.
            let snapshotPids = Set(records.records(type: "snapshot").compactMap { $0.int("pid") })
            let first = records.records(type: "start").first?.int("pid")
            for pid in pids.sorted() {
                let ran = execs.filter { $0.int("pid") == pid }.compactMap { $0.string("filename") }
                #expect(snapshotPids.contains(pid), "pid \(pid) (exec: \(ran)) has no snapshot record")
                let joined = records.records(type: "process").filter { $0.int("pid") == pid }
                #expect(joined.count == 1 && joined.first?.string("reason") == (pid == first ? "launched" : "forked"),
                        "pid \(pid) (exec: \(ran)): process records \(joined)")
                let ends = records.records(type: "end").filter { $0.int("pid") == pid }
                #expect(ends.count == 1 && ends.first?.string("reason") == "exit" && ends.first?.int("exit_code") == 0,
                        "pid \(pid) (exec: \(ran)): end records \(ends)")
            }
            let problems = records.exactnessProblems
            #expect(problems.isEmpty, "\(problems.count) problem(s):\n  \(problems.prefix(8).joined(separator: "\n  "))")
        }
    }
}
