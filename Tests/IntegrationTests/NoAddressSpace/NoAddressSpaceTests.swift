import Foundation
import Glibc
import Testing

/// Kernel threads and zombies have no address space: every front end says what the process is
/// and that there is nothing to show, instead of waiting for a snapshot that never comes.
@Suite("processes without an address space", .serialized)
struct NoAddressSpaceTests {
    /// A child that has exited and is not reaped (until the returned object goes away).
    static func zombie() throws -> SpawnedProcess {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-zombie-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let child = try SpawnedProcess(URL(fileURLWithPath: "/bin/true"), [], outputDirectory: scratch, name: "true")
        for _ in 0..<500 {
            let stat = (try? String(contentsOfFile: "/proc/\(child.pid)/stat", encoding: .utf8)) ?? ""
            if let close = stat.lastIndex(of: ")"), stat[close...].hasPrefix(") Z") { return child }
            usleep(10_000)
        }
        throw SpawnedProcess.Failure(description: "pid \(child.pid) never became a zombie")
    }

    @Test("trace -p ZOMBIE ends at once with an end line saying so, and fails")
    func traceZombie() throws {
        let zombie = try Self.zombie()
        let run = try RunningTrace(["-p", String(zombie.pid)]).finish(timeout: .seconds(20))
        #expect(run.status == 1, "\(run.summary)")
        #expect(run.traceText.contains("# pid \(zombie.pid) is a zombie"), "\(run.summary)")
        #expect(!run.traceText.contains("still running"), "\(run.summary)")
        #expect(run.standardError.contains("pid \(zombie.pid) is a zombie"), "\(run.summary)")
    }

    @Test("trace --json -p ZOMBIE: the end record's reason is zombie")
    func traceZombieJSON() throws {
        let zombie = try Self.zombie()
        let run = try RunningTrace(["--json", "-p", String(zombie.pid)]).finish(timeout: .seconds(20))
        #expect(run.status == 1, "\(run.summary)")
        let end = try #require(try JSONRecords(run.traceText).all.first { $0.string("type") == "end" }, "\(run.summary)")
        #expect(end.string("reason") == "zombie")
        #expect(end.int("pid") == Int(zombie.pid))
    }

    @Test("trace -p 2 (kthreadd) says it is a kernel thread, and fails")
    func traceKernelThread() throws {
        let run = try RunningTrace(["-p", "2"]).finish(timeout: .seconds(20))
        #expect(run.status == 1, "\(run.summary)")
        #expect(run.traceText.contains("# pid 2 is a kernel thread"), "\(run.summary)")
        #expect(run.standardError.contains("pid 2 is a kernel thread"), "\(run.summary)")
    }

    @Test("layout of a zombie and of a kernel thread says what the process is")
    func layout() throws {
        let zombie = try Self.zombie()
        let zombieRun = try CommandRun.run(BuiltProducts.vmscope, ["layout", "-p", String(zombie.pid)])
        #expect(zombieRun.status == 1)
        #expect(zombieRun.standardError.contains("is a zombie"), "\(zombieRun.standardError)")
        #expect(zombieRun.standardOutput.isEmpty, "\(zombieRun.standardOutput)")
        let kernelRun = try CommandRun.run(BuiltProducts.vmscope, ["layout", "-p", "2"])
        #expect(kernelRun.status == 1)
        #expect(kernelRun.standardError.contains("is a kernel thread"), "\(kernelRun.standardError)")
    }

    @Test("the live view of a kernel thread says so where the bar goes", .enabled(if: TmuxSession.isAvailable))
    func liveView() throws {
        let session = try TmuxSession(command: TmuxSession.shellQuote([BuiltProducts.vmscope.path, "-p", "2"]))
        defer { session.kill() }
        let shown = try session.waitFor("is a kernel thread", timeout: .seconds(15))
        #expect(shown.matched, "\(shown.screen)")
        #expect(!shown.screen.contains("waiting for the first /proc snapshot"), "\(shown.screen)")
    }
}
