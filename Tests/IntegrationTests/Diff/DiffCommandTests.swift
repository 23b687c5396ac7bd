import Foundation
import Glibc
import Testing

/// `vmscope diff` on real recordings: the one-page mappings a workload made while recorded are
/// reported as added, each with the mmap that made it; and the errors a user can cause are one
/// line naming the option or the file.
@Suite("diff of a recording", .serialized,
       .enabled(if: KernelSupport.bpfAvailable, Comment(rawValue: KernelSupport.bpfMissingReason ?? "")))
struct DiffCommandTests {
    static let mappings = 24

    /// Records `vmscope-workload maps N` (N one-page mappings that cannot merge, then a sleep)
    /// until its mmaps are in the trace, then kills it so the recording ends. Returns its pid.
    static func recordMaps(in scratch: RecordingScratch) throws -> Int32 {
        let trace = try SpawnedProcess(BuiltProducts.vmscope,
                                       ["trace", "--json", "--record", scratch.path("f.vmrec"), "-o", scratch.path("trace.json"),
                                        "--", BuiltProducts.workload.path, "maps", "\(mappings)"],
                                       outputDirectory: scratch.directory, name: "trace")
        var workload: Int32?
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let output = String(decoding: (try? Data(contentsOf: trace.standardOutputFile)) ?? Data(), as: UTF8.self)
            if workload == nil, let line = output.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }) {
                workload = Int32(line.split(separator: " ")[1])
            }
            let traced = String(decoding: scratch.bytes("trace.json"), as: UTF8.self).split(separator: "\n")
                .filter { $0.contains("\"kind\":\"mmap\"") && $0.contains("\"len\":4096,") }.count
            if workload != nil, traced >= mappings { break }
            usleep(50_000)
        }
        guard let workload else {
            trace.signal(SIGKILL)
            throw SpawnedProcess.Failure(description: "the maps workload never said it was ready")
        }
        kill(workload, SIGKILL)
        _ = trace.wait(timeout: .seconds(60))
        return workload
    }

    @Test func theWorkloadsMappingsAreAddedWithTheirMmaps() throws {
        let scratch = try RecordingScratch()
        let pid = try Self.recordMaps(in: scratch)

        let json = try scratch.vmscope(["diff", scratch.path("f.vmrec"), "--json"])
        #expect(json.status == 0, "\(json.standardError)")
        let documents = json.standardOutput.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(documents.count == json.standardOutput.split(separator: "\n").count, "every line is one JSON document")
        let diff = try #require(documents.first { $0["pid"] as? Int == Int(pid) }, "no diff for pid \(pid)")
        #expect(diff["type"] as? String == "diff")
        let changes = try #require(diff["changes"] as? [[String: Any]])
        let pages = changes.filter { change in
            guard change["change"] as? [String] == ["added"], change["size_after"] as? Int == 4096,
                  let start = change["start"] as? Int,
                  let causes = change["caused_by"] as? [[String: Any]] else { return false }
            return causes.contains { $0["what"] as? String == "mmap" && $0["start"] as? Int == start }
        }
        #expect(pages.count >= Self.mappings, "\(pages.count) one-page mappings added with their mmap:\n\(json.standardOutput.prefix(4000))")

        // The table says the same for that process alone.
        let table = try scratch.vmscope(["diff", scratch.path("f.vmrec"), "-p", "\(pid)"])
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.hasPrefix("pid \(pid)"))
        let added = table.standardOutput.split(separator: "\n").filter { $0.hasPrefix("added ") && $0.contains(" 4.0 KiB ") }
        #expect(added.count >= Self.mappings, "\(table.standardOutput.prefix(4000))")
        #expect(table.standardOutput.contains("    +") && table.standardOutput.contains(" mmap 0x"), "cause lines under the changes")

        // The same moment twice: nothing changed.
        let none = try scratch.vmscope(["diff", scratch.path("f.vmrec"), "-p", "\(pid)", "--from", "end", "--to", "end"])
        #expect(none.status == 0)
        #expect(none.standardOutput.contains("no change"), "\(none.standardOutput)")
    }
}

/// The command line's errors: each a single line naming the option (or the file) and what to
/// give. The recording is made by /proc polling, so these run without eBPF too.
@Suite("diff errors", .serialized)
struct DiffCommandErrorTests {
    static func recording(_ scratch: RecordingScratch) throws -> String {
        let run = try scratch.vmscope(["trace", "--no-bpf", "--interval", "10", "--record", scratch.path("f.vmrec"),
                                       "-o", scratch.path("live.out"), "--", BuiltProducts.workload.path, "random", "7", "100"])
        #expect(run.status == 0, "\(run.standardError)")
        return scratch.path("f.vmrec")
    }

    /// The message is the first line (a bad option value is followed by the usage lines, as
    /// for every command).
    static func expectOneLineError(_ run: CommandRun, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status != 0, sourceLocation: sourceLocation)
        #expect(run.standardOutput.isEmpty, sourceLocation: sourceLocation)
        let first = run.standardError.split(separator: "\n").first ?? ""
        #expect(first.contains(text), "\(run.standardError)", sourceLocation: sourceLocation)
        if !first.hasPrefix("Error: ") {
            #expect(run.standardError.split(separator: "\n").count == 1, "\(run.standardError)", sourceLocation: sourceLocation)
        }
    }

    @Test func badMomentsAndPidsAreNamed() throws {
        let scratch = try RecordingScratch()
        let file = try Self.recording(scratch)
        Self.expectOneLineError(try scratch.vmscope(["diff", file, "--from", "2x"]), containing: "--from must be seconds")
        Self.expectOneLineError(try scratch.vmscope(["diff", file, "--to=-1"]), containing: "--to must be seconds")
        Self.expectOneLineError(try scratch.vmscope(["diff", file, "--to", "99999"]),
                                containing: "--to +99999.000000 s is past the recording's end")
        Self.expectOneLineError(try scratch.vmscope(["diff", file, "--from", "end", "--to", "start"]), containing: "is before --from")
        Self.expectOneLineError(try scratch.vmscope(["diff", file, "-p", "1"]), containing: "no process 1 in")
        Self.expectOneLineError(try scratch.vmscope(["diff", scratch.path("missing.vmrec")]), containing: "missing.vmrec")
        let ok = try scratch.vmscope(["diff", file, "--from", "0", "--to", "10ms"])
        #expect(ok.status == 0, "\(ok.standardError)")
    }
}
