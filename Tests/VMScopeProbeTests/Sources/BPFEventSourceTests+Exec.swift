import Foundation
import Testing
import VMScopeCore
@testable import VMScopeProbe

/// A tiny static program that pauses at its first instruction: its layout after exec is exactly
/// what exec built, so /proc/PID/maps read later must show the same. Built once with gcc, in a
/// directory whose name is longer than most (the kernel side reads long names in two steps).
enum Pauser {
    static let executable: URL? = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-pauser-\(getpid())")
            .appendingPathComponent(String(repeating: "long-directory-name-", count: 6))
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("pauser.c")
        let binary = directory.appendingPathComponent("pauser")
        let program = """
            void _start(void) {
                for (;;) __asm__ volatile("syscall" : : "a"(34) : "rcx", "r11", "memory"); /* pause() */
            }
            """
        guard (try? program.write(to: source, atomically: true, encoding: .utf8)) != nil else { return nil }
        let gcc = Process()
        gcc.executableURL = URL(filePath: "/usr/bin/env")
        gcc.arguments = ["gcc", "-static", "-nostdlib", "-O1", "-o", binary.path, source.path]
        gcc.standardError = FileHandle.nullDevice
        guard (try? gcc.run()) != nil else { return nil }
        gcc.waitUntilExit()
        return gcc.terminationStatus == 0 ? binary : nil
    }()

    static let skipComment = Comment(rawValue: "SKIPPED: gcc -static -nostdlib could not build the pause program (is gcc installed?)")
}

extension BPFEventSourceTests {
    /// Drains until `until` holds for the events so far (or the deadline).
    private func drain(for pid: Int32, seconds: Double = 10, until: ([MemoryEvent]) -> Bool) throws -> [MemoryEvent] {
        var events: [MemoryEvent] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            events += try source.drain().filter { $0.tgid == pid }
            if until(events) { break }
            usleep(20_000)
        }
        return events
    }

    /// The kernel's walk may stop after a few directories (`…/`): then only the tail can match.
    private func samePath(_ kernel: String, _ maps: String) -> Bool {
        guard kernel.hasPrefix(MappedFile.truncationMark) else { return kernel == maps }
        return maps.hasSuffix("/" + kernel.dropFirst(MappedFile.truncationMark.count))
    }

    private func expectSameLayout(_ kernel: [Region], _ maps: [Region], _ what: String) {
        #expect(kernel.count == maps.count, "\(what): \(kernel.count) regions from the kernel, \(maps.count) in maps")
        for (k, m) in zip(kernel, maps) {
            #expect(k.start == m.start && k.end == m.end, "\(what): extent \(k) vs \(m)")
            #expect(k.permissions == m.permissions, "\(what): permissions of \(m.pathname): \(k.permissions) vs \(m.permissions)")
            #expect(k.offset == m.offset && k.inode == m.inode && k.deviceMajor == m.deviceMajor
                    && k.deviceMinor == m.deviceMinor, "\(what): file identity \(k) vs \(m)")
            #expect(samePath(k.pathname, m.pathname) && k.isDeleted == m.isDeleted,
                    "\(what): name \(k.pathname) vs \(m.pathname)")
        }
    }

    @Test(.enabled(if: Pauser.executable != nil, Pauser.skipComment))
    func execAndExitLayoutsEqualWhatMapsShows() throws {
        let pauser = try #require(Pauser.executable)
        let child = try PausedChild(command: [pauser.path])
        defer {
            child.kill(SIGKILL)
            child.wait(blocking: true)
        }
        try source.watch(pid: child.pid, awaitingExec: true)
        try child.release()
        let atExec = try drain(for: child.pid) { $0.contains { $0.layout?.moment == .exec } }
        let execLayout = try #require(atExec.first { $0.layout?.moment == .exec }?.layout, "no exec layout arrived")
        let exec = try #require(atExec.first { $0.isExec })
        #expect(execLayout.isComplete)
        #expect(atExec.first { $0.layout != nil }?.timestamp == exec.timestamp, "the layout is stamped with the exec")

        let maps = try #require(try? MapsParser.parse(bytes: ProcFileReader.read("/proc/\(child.pid)/maps").get()))
        #expect(maps.contains { $0.pathname == "[stack]" } && maps.contains { $0.pathname == "[vdso]" })
        #expect(maps.contains { $0.pathname == pauser.path })
        expectSameLayout(execLayout.regions, maps, "exec")

        child.kill(SIGKILL)
        let atExit = try drain(for: child.pid) { $0.contains { $0.isExit } }
        let exitLayout = try #require(atExit.first { $0.layout?.moment == .exit }?.layout, "no exit layout arrived")
        #expect(exitLayout.isComplete)
        expectSameLayout(exitLayout.regions, maps, "exit")
        let exitIndex = try #require(atExit.firstIndex { $0.isExit })
        let layoutIndex = try #require(atExit.firstIndex { $0.layout?.moment == .exit })
        #expect(layoutIndex < exitIndex, "the exit layout comes before the exit")
        #expect(atExit[layoutIndex].timestamp == atExit[exitIndex].timestamp)
    }

    /// The kernel's path walk (a numbers iterator) against what maps says, for the names that
    /// take its other branches: a file under /dev/shm (two mount points crossed on the way up),
    /// a 200-byte name (longer than the first read) and an unlinked file.
    @Test func anExitLayoutNamesFilesAcrossMountsLongAndUnlinkedAsMapsDoes() throws {
        let tag = UUID().uuidString
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-walk-\(tag)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let shm = "/dev/shm/vmscope-walk-\(tag)"
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(atPath: shm)
        }
        let long = directory.appendingPathComponent(String(repeating: "n", count: 200)).path
        let unlinked = directory.appendingPathComponent("unlinked.bin").path
        let ready = directory.appendingPathComponent("ready").path
        let script = """
            import mmap, os, sys, time
            keep = []
            for path in sys.argv[1:4]:
                with open(path, "wb") as f:
                    f.write(bytes(4096))
                with open(path, "rb") as f:
                    keep.append(mmap.mmap(f.fileno(), 4096, prot=mmap.PROT_READ))
            os.unlink(sys.argv[3])
            open(sys.argv[4], "w").close()
            time.sleep(60)
            """
        let child = try PausedChild(command: [Python.executable, "-c", script, shm, long, unlinked, ready])
        defer {
            child.kill(SIGKILL)
            child.wait(blocking: true)
        }
        try child.release()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: ready), Date() < deadline { usleep(10_000) }
        try #require(FileManager.default.fileExists(atPath: ready), "the script never got ready")

        try source.watch(pid: child.pid)
        let maps = try #require(try? MapsParser.parse(bytes: ProcFileReader.read("/proc/\(child.pid)/maps").get()))
        for name in [shm, long, unlinked] {
            #expect(maps.contains { $0.pathname == name }, "maps shows \(name)")
        }
        #expect(maps.contains { $0.pathname == unlinked && $0.isDeleted })
        child.kill(SIGKILL)
        let atExit = try drain(for: child.pid) { $0.contains { $0.isExit } }
        let exitLayout = try #require(atExit.first { $0.layout?.moment == .exit }?.layout, "no exit layout arrived")
        #expect(exitLayout.isComplete)
        expectSameLayout(exitLayout.regions, maps, "exit")
    }

    @Test func execStartedPrecedesExecAndAFailedExecIsAFailure() throws {
        let script = """
            import os
            try:
                os.execv("/nonexistent/vmscope-no-such-program", ["x"])
            except OSError:
                pass
            os.execv("/bin/true", ["true"])
            """
        let run = try TracedRun.run([Python.executable, "-c", script], source: source)
        let process = run.own.filter {
            switch $0.kind {
            case .execStarted, .exec, .failed(.execve, _, _, _), .failed(.execveat, _, _, _): true
            default: false
            }
        }
        // The launch (execvp may try several PATH entries), python's failing exec, /bin/true.
        let execs = process.indices.filter { process[$0].isExec }
        #expect(execs.count == 2, "\(process.map(\.kind))")
        for index in execs {
            #expect(index > 0 && process[index - 1].kind == .execStarted, "an exec right after its start")
            #expect(process[index - 1].timestamp <= process[index].timestamp)
        }
        #expect(process.contains { $0.kind == .failed(syscall: .execve, errno: ENOENT, address: 0, length: 0) })
        for (index, event) in process.enumerated() where event.kind == .failed(syscall: .execve, errno: ENOENT, address: 0, length: 0) {
            #expect(index > 0 && process[index - 1].kind == .execStarted, "a failure right after its start")
        }
        #expect(process.last.map { if case .exec(let name) = $0.kind { name == "/bin/true" } else { false } } == true)
        // Each exec is followed by its layout.
        let layouts = run.own.filter { $0.layout?.moment == .exec }
        #expect(layouts.count == 2)
        #expect(layouts.allSatisfy { $0.layout?.isComplete == true })
    }

    @Test func aCommandAwaitingExecIsSilentUntilItsExec() throws {
        // A command whose exec fails never stops being a copy of vmscope: only its exec
        // attempts and its exit may be reported, though it took page faults and made calls.
        func events(awaitingExec: Bool) throws -> [MemoryEvent] {
            let child = try PausedChild(command: ["/nonexistent/vmscope-no-such-program"])
            try source.watch(pid: child.pid, awaitingExec: awaitingExec)
            #expect(throws: PausedChildError.self) { try child.release() }
            return try drain(for: child.pid) { $0.contains { $0.isExit } }
        }
        let silent = try events(awaitingExec: true)
        #expect(silent.contains { $0.isExit })
        let others = silent.filter {
            switch $0.kind {
            case .execStarted, .failed(.execve, _, _, _), .exit: false
            default: true
            }
        }
        #expect(others.isEmpty, "nothing but exec attempts and the exit: \(others.map(\.kind))")
        #expect(silent.contains { $0.kind == .failed(syscall: .execve, errno: ENOENT, address: 0, length: 0) })
        // The same child watched as an ordinary process shows what was hidden.
        let loud = try events(awaitingExec: false)
        #expect(loud.contains { if case .faultCounts = $0.kind { true } else { false } },
                "the copy takes page faults before exec: \(loud.map(\.kind))")

        // A command that does exec: nothing of its own before the exec record.
        let run = try TracedRun.run([Python.executable, "-c", "import mmap; mmap.mmap(-1, 1 << 16)[0] = 1"],
                                    source: source, awaitingExec: true)
        let execIndex = try #require(run.own.firstIndex { $0.isExec })
        let early = run.own[..<execIndex].filter {
            switch $0.kind {
            case .execStarted, .failed(.execve, _, _, _): false
            default: true
            }
        }
        #expect(early.isEmpty, "before exec: \(early.map(\.kind))")
        #expect(run.own[execIndex...].contains { if case .mmap = $0.kind { true } else { false } })
    }

    @Test func followedChildrenReportTheirOwnFaultsAndCalls() throws {
        // The command exec's (its awaiting flag goes), then forks a child that never exec's:
        // the child runs the command's program, so what it does before any exec is its own.
        let script = """
            import os, mmap
            pid = os.fork()
            if pid == 0:
                m = mmap.mmap(-1, 5 << 16)
                for i in range(0, 5 << 16, 4096):
                    m[i] = 1
                os._exit(3)
            os.waitpid(pid, 0)
            """
        source.followChildren = true
        defer { source.followChildren = false }
        let run = try TracedRun.run([Python.executable, "-c", script], source: source, awaitingExec: true)
        let child = try #require(run.own.compactMap { event -> Int32? in
            if case .fork(let pid, false) = event.kind { return pid }
            return nil
        }.last, "the fork is reported")
        let childEvents = run.events.filter { $0.tgid == child }
        #expect(childEvents.contains { if case .mmap(_, 5 << 16, _, _, _, _, _) = $0.kind { true } else { false } })
        var faults: UInt64 = 0
        for event in childEvents {
            if case .faultCounts(_, _, let count) = event.kind { faults += count }
        }
        #expect(faults >= 80, "the child's faults are counted (\(faults))")
        #expect(childEvents.contains { $0.kind == .exit(status: 3 << 8) })
        #expect(childEvents.contains { $0.layout?.moment == .exit }, "a followed child's exit layout")
    }
}
