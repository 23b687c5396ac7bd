import Foundation
import Testing

/// `vmscope layout` against a real process it did not start.
@Suite("layout of a running process")
struct LayoutCommandTests {
    @Test("--json classifies the regions /proc lists and finds the heap-mmap gap")
    func jsonLayout() throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer { kill(sleeper.processIdentifier, SIGKILL); sleeper.waitUntilExit() }
        // Let the loader finish mapping before reading.
        usleep(200_000)
        let run = try CommandRun.run(BuiltProducts.vmscope, ["layout", "-p", String(sleeper.processIdentifier), "--json", "--width", "80"])
        #expect(run.status == 0, "\(run.standardError)")
        let record = try #require(try JSONRecords(run.standardOutput).all.first)
        #expect(record.int("pid") == Int(sleeper.processIdentifier))
        #expect(record.string("command") == "sleep")
        let regions = try #require(record["regions"] as? [[String: Any]])
        let maps = try String(contentsOfFile: "/proc/\(sleeper.processIdentifier)/maps", encoding: .utf8)
        #expect(regions.count == maps.split(separator: "\n").count)
        let kinds = Set(regions.compactMap { $0.string("kind") })
        for expected in ["text", "stack", "lib-text", "vdso"] {
            #expect(kinds.contains(expected), "no \(expected) region in \(kinds)")
        }
        #expect(regions.contains { $0.string("kind") == "text" && $0.string("path") == "/usr/bin/sleep" })
        // smaps' figures go to the regions whose extent smaps listed, never more than the region.
        #expect(regions.contains { $0.u64("rss") != nil })
        for region in regions {
            if let rss = region.u64("rss"), let start = region.u64("start"), let end = region.u64("end") {
                #expect(rss <= end - start, "\(region)")
            }
        }
        #expect(record.string("layout") == "topDown")
        #expect((record.u64("heap_mmap_gap_size") ?? 0) > 1 << 30, "the heap-mmap gap of a small process spans terabytes")
        #expect((record.string("bar") ?? "").count == 80)

        // Where the space runs out: per kind, free space, limits.
        let space = try #require(record["space"] as? [String: Any])
        #expect(space.u64("address_space_limit") == 1 << 47)
        let spaceKinds = try #require(space["kinds"] as? [[String: Any]])
        #expect(spaceKinds.compactMap { $0.u64("regions") }.reduce(0, +) == UInt64(regions.count - 1), "all but [vsyscall]")
        let free = try #require(space["free"] as? [String: Any])
        #expect((free.u64("largest_gap_size") ?? 0) > 1 << 40)
        #expect((free.u64("total") ?? 0) >= (free.u64("largest_gap_size") ?? .max))
        let mapCount = try #require(space["map_count"] as? [String: Any])
        let maxMapCount = try String(contentsOfFile: "/proc/sys/vm/max_map_count", encoding: .utf8)
        #expect(mapCount.u64("limit") == UInt64(maxMapCount.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(mapCount.u64("used") == UInt64(regions.count - 1))
    }

    @Test("the table ends with where the space runs out")
    func textLayoutSaysWhereTheSpaceRunsOut() throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer { kill(sleeper.processIdentifier, SIGKILL); sleeper.waitUntilExit() }
        usleep(200_000)
        let run = try CommandRun.run(BuiltProducts.vmscope, ["layout", "-p", String(sleeper.processIdentifier), "--width", "80"])
        #expect(run.status == 0, "\(run.standardError)")
        let tail = run.standardOutput.split(separator: "\n").suffix(4).map(String.init)
        #expect(tail.first?.contains(" free in ") == true && tail.first?.contains("fragmentation") == true, "\(tail)")
        #expect(tail.dropFirst().map { String($0.prefix(17)) } == ["RLIMIT_AS        ", "RLIMIT_DATA      ", "vm.max_map_count "])
        #expect(run.standardOutput.contains("where the space runs out (128 TiB address space)"))
    }

    @Test("a pid that does not exist is one clear line and exit status 1")
    func missingProcess() throws {
        let run = try CommandRun.run(BuiltProducts.vmscope, ["layout", "-p", "2147483000"])
        #expect(run.status == 1)
        #expect(run.standardError == "vmscope: no process 2147483000: check the pid with `ps`\n")
        #expect(run.standardOutput.isEmpty)
    }
}
