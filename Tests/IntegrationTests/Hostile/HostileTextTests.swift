import Foundation
import Testing

/// A process chooses its name, argv, executable path and the names of what it maps. None of it
/// may reach the terminal raw (an escape can recolour, retitle or clear the user's terminal), and
/// JSON must stay valid with the original text recoverable.
@Suite("hostile process text", .serialized)
struct HostileTextTests {
    @Test("layout (table): no raw control byte, the hostile regions are listed")
    func layoutTable() throws {
        let hostile = try HostileProcess()
        // The workload is hostile, and the check sees it: its maps, passed through, would fail.
        let maps = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(hostile.pid)/maps"))
        #expect(RawControlBytes.find(in: maps).count == 5, "the hostile workload's maps hold no raw escapes")
        let run = try CommandRunBytes.run(BuiltProducts.vmscope, ["layout", "-p", String(hostile.pid), "--width", "100"])
        #expect(run.status == 0, "\(run.standardErrorText)")
        #expect(RawControlBytes.find(in: run.standardOutput) == [], "raw control bytes in layout output")
        #expect(RawControlBytes.find(in: run.standardError) == [], "raw control bytes on stderr")
        #expect(String(decoding: run.standardOutput, as: UTF8.self).contains("pwned-title"), "the hostile mappings are not listed")
    }

    @Test("layout --json: valid JSON, no raw control byte, names recoverable exactly")
    func layoutJSON() throws {
        let hostile = try HostileProcess()
        let run = try CommandRunBytes.run(BuiltProducts.vmscope, ["layout", "-p", String(hostile.pid), "--json"])
        #expect(run.status == 0, "\(run.standardErrorText)")
        #expect(RawControlBytes.find(in: run.standardOutput) == [])
        let record = try #require(try JSONSerialization.jsonObject(with: run.standardOutput) as? [String: Any])
        let paths = Set(((record["regions"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String })
        for name in HostileProcess.recoverableNames {
            #expect(paths.contains(hostile.scratch.path + "/" + name), "no region with path …/\(name.debugDescription)")
            #expect(paths.contains { $0.hasPrefix("/memfd:" + name) }, "no memfd region named \(name.debugDescription)")
        }
    }

    @Test("trace (table and JSON) of the hostile program from its exec: no raw control byte, JSON valid")
    func trace() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for json in [false, true] {
            let run = try TraceFileRun.run((json ? ["--json"] : []) + ["--", BuiltProducts.workload.path, "hostile", scratch.path, "-"],
                                           timeout: .seconds(60))
            #expect(run.status == 0, "\(run.standardError)")
            let data = try #require(run.traceData)
            #expect(RawControlBytes.find(in: data) == [], "raw control bytes in the trace (json: \(json))")
            #expect(RawControlBytes.find(in: Data(run.standardError.utf8)) == [], "raw control bytes on stderr")
            if json {
                var paths: Set<String> = []
                for line in data.split(separator: UInt8(ascii: "\n")) {
                    let object = try #require(try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                                              "not a JSON object: \(String(decoding: line, as: UTF8.self).debugDescription)")
                    if let path = object["path"] as? String { paths.insert(path) }
                }
                for name in HostileProcess.recoverableNames {
                    #expect(paths.contains(scratch.path + "/" + name), "no mmap event naming …/\(name.debugDescription)")
                }
            } else {
                #expect(String(decoding: data, as: UTF8.self).contains("pwned-title"))
            }
        }
    }
}
