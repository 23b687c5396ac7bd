import CProbe
import Foundation
import Testing
import VMScopeCore
@testable import VMScopeProbe

/// What the kernel side keeps instead of an enter->exit map: the watched bitmap, each process's
/// last break, remembered shm/aio attachments, exec starts from sched_prepare_exec, and the
/// rate limit on forced wakeups.
extension BPFEventSourceTests {
    /// The report lines of `vmscope-workload attach-later`, once `op` appeared (or the deadline).
    private func waitForReport(_ url: URL, op: String, seconds: Double = 10) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let lines = (try? ReportLines.read(url)) ?? []
            if lines.contains(where: { $0["op"] as? String == op }) { return lines }
            usleep(10_000)
        }
        Issue.record("the workload never reported \(op)")
        return (try? ReportLines.read(url)) ?? []
    }

    private func u64(_ line: [String: Any]?, _ key: String) -> UInt64 { (line?[key] as? NSNumber)?.uint64Value ?? 0 }

    @Test func everyPidHasItsBitInItsWordUpToPidMaxLimit() throws {
        let program = try BPFProgram { _ in }
        defer { program.close() }
        // The highest pid Linux can give (PID_MAX_LIMIT - 1) is the last bit of the last word.
        for pid: Int32 in [1, 63, 64, 65, 32_767, 4_194_240, 4_194_303] {
            program.setBits(pid, watched: true, awaiting: false)
            let word = program.watchWords[Int(pid) >> 6]
            #expect(word.watched == UInt64(1) << UInt64(pid & 63), "pid \(pid): word \(Int(pid) >> 6) holds \(word.watched)")
            #expect(word.awaiting == 0)
            #expect(program.isWatchedInKernel(pid))
            #expect(!program.isWatchedInKernel(pid - 1) && !program.isWatchedInKernel(pid == 4_194_303 ? 4_194_302 : pid + 1))
            program.setBits(pid, watched: false, awaiting: true)
            #expect(program.isAwaitingExecInKernel(pid))
            program.removeWatched(pid)
            #expect(program.watchWords[Int(pid) >> 6].watched == 0 && program.watchWords[Int(pid) >> 6].awaiting == 0,
                    "pid \(pid) leaves no bit behind")
        }
    }

    @Test func theKernelSetsAFollowedChildsBitAndClearsAnExitedGroups() throws {
        final class Seen { var records: [DecodedRecord] = [] }
        let seen = Seen()
        let program = try BPFProgram { record in
            if let decoded = RecordDecoder.decode(record) { seen.records.append(decoded) }
        }
        defer { program.close() }
        try program.setConfig(followChildren: true, userStacks: true, faultSampleNanoseconds: 0)
        let script = """
            import os, sys, time
            pid = os.fork()
            if pid == 0:
                time.sleep(1.5)
                os._exit(0)
            os.waitpid(pid, 0)
            """
        let parent = try PausedChild(command: [Python.executable, "-c", script])
        try program.addWatched(parent.pid)
        #expect(program.isWatchedInKernel(parent.pid))
        #expect(program.processState(parent.pid).map { $0.flags & VMSCOPE_P_BRK_KNOWN != 0 } == true,
                "attaching read the break")
        try parent.release()
        var child: Int32?
        let deadline = Date().addingTimeInterval(10)
        while child == nil, Date() < deadline {
            try program.consume()
            child = seen.records.lazy.compactMap { record -> Int32? in
                if case .followedFork(let event) = record, case .fork(let pid, false) = event.kind { return pid }
                return nil
            }.first
            usleep(10_000)
        }
        let followed = try #require(child, "the fork was followed")
        #expect(program.isWatchedInKernel(followed), "the kernel side set the child's bit")
        let state = try #require(program.processState(followed), "and made its state")
        #expect(state.flags & VMSCOPE_P_BRK_KNOWN != 0 && state.last_brk != 0, "with the break it inherited")
        parent.wait(blocking: true)
        try program.consume()
        #expect(seen.records.contains { $0.event?.tgid == followed && $0.event?.kind == .exit(status: 0) })
        #expect(!program.isWatchedInKernel(followed), "an exited group's bit is cleared by the kernel side")
        #expect(!program.isWatchedInKernel(parent.pid))
        #expect(program.processState(followed) == nil && program.processState(parent.pid) == nil)
    }

    @Test func aProcessWatchedWhileRunningHasItsBreakAndItsEarlierAttachments() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-attach-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: report) }
        let child = try PausedChild(command: [BuiltProducts.workload.path, "attach-later", report.path])
        defer {
            child.kill(SIGKILL)
            child.wait(blocking: true)
        }
        try child.release()
        _ = try waitForReport(report, op: "ready")
        // Watched only now: its shm segments and aio ring were made before, unseen.
        source.followChildren = true
        defer { source.followChildren = false }
        try source.watch(pid: child.pid)
        kill(child.pid, SIGUSR1)
        var events: [MemoryEvent] = []
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, !events.contains(where: { $0.tgid == child.pid && $0.isExit }) {
            events += try source.drain()
            usleep(20_000)
        }
        #expect(child.wait(blocking: true) == 0)
        let ops = try ReportLines.read(report)
        #expect(ops.last?["op"] as? String == "end", "the workload ran to its end: \(ops.last ?? [:])")
        let own = events.filter { $0.tgid == child.pid }

        // brk: the first call after attaching starts from the break attaching read.
        let brks = own.compactMap { event -> [UInt64]? in
            if case .brk(let old, let new, _) = event.kind { return [old, new] }
            return nil
        }
        let expected = ops.filter { $0["op"] as? String == "brk" }.map { [u64($0, "old"), u64($0, "new")] }
        #expect(expected.count == 2)
        #expect(brks == expected, "brk records \(brks.map { $0.map { String($0, radix: 16) } }) vs the workload's \(expected.map { $0.map { String($0, radix: 16) } })")

        // shmdt of an attachment made before watching, by the process and by a followed child
        // (fork copies the attachment), and io_destroy of an earlier ring: extents remembered
        // when attaching.
        for op in ops where ["shmdt", "io_destroy"].contains(op["op"] as? String ?? "") {
            #expect((op["errno"] as? NSNumber)?.int32Value == 0, "the workload's call worked: \(op)")
            let address = u64(op, "addr"), length = u64(op, "len")
            #expect(length > 0)
            if op["op"] as? String == "io_destroy" {
                #expect(own.contains { $0.kind == .aioDestroy(address: address, length: length) }, "io_destroy \(op)")
                continue
            }
            let pid = (op["pid"] as? NSNumber)?.int32Value ?? 0
            #expect(events.contains { $0.tgid == pid && $0.kind == .shmdt(address: address, length: length) },
                    "shmdt \(op) (by \(pid == child.pid ? "the process" : "its followed child"))")
        }
        #expect(ops.filter { $0["op"] as? String == "shmdt" }.count == 2)
    }

    @Test func theFirstBrkAfterExecStartsFromTheBreakExecLeft() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-brk-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: report) }
        let run = try TracedRun.run([BuiltProducts.workload.path, "attach-later", report.path, "now"], source: source,
                                    awaitingExec: true)
        #expect(run.waitStatus == 0)
        let ops = try ReportLines.read(report)
        let start = ops.first { $0["op"] as? String == "start" }
        let startBreak = u64(start, "start_brk")
        #expect(startBreak != 0)
        let brks = run.own.compactMap { event -> (UInt64, UInt64)? in
            if case .brk(let old, let new, _) = event.kind { return (old, new) }
            return nil
        }
        let first = try #require(brks.first, "the workload's brk calls are reported")
        #expect(first.0 == startBreak, "the first brk after exec starts at start_brk (\(String(first.0, radix: 16)) vs \(String(startBreak, radix: 16)))")
        for (previous, next) in zip(brks, brks.dropFirst()) {
            #expect(next.0 == previous.1, "each brk starts where the previous one left the break")
        }
        let expected = ops.filter { $0["op"] as? String == "brk" }.map { [u64($0, "old"), u64($0, "new")] }
        #expect(Array(brks.suffix(2)).map { [$0.0, $0.1] } == expected)
    }

    @Test func everyExecAttemptHasOneStartAndAnEarlyFailureItsOwnMoment() throws {
        // execvp-like: two attempts that fail before replacing anything, then one that works.
        let script = """
            import os
            for path in ("/nonexistent/a", "/nonexistent/b"):
                try:
                    os.execv(path, ["x"])
                except OSError:
                    pass
            os.execv("/bin/true", ["true"])
            """
        let run = try TracedRun.run([Python.executable, "-c", script], source: source, awaitingExec: true)
        let process = run.own.filter {
            switch $0.kind {
            case .execStarted, .exec, .failed(.execve, _, _, _), .failed(.execveat, _, _, _): true
            default: false
            }
        }
        let starts = process.filter { $0.kind == .execStarted }.count
        let ends = process.filter { $0.kind != .execStarted }.count
        #expect(starts == ends, "one start per attempt: \(process.map(\.kind))")
        #expect(process.filter(\.isExec).count == 2, "the launch and /bin/true")
        for (index, event) in process.enumerated() where event.kind != .execStarted {
            #expect(index > 0 && process[index - 1].kind == .execStarted, "an attempt's end right after its start")
            guard index > 0, case .failed = event.kind else { continue }
            // Nothing was at risk: the start of a failure before the point of no return is the
            // failure's own moment (sched_prepare_exec never fired).
            #expect(process[index - 1].timestamp == event.timestamp)
        }
        #expect(process.filter { if case .failed = $0.kind { true } else { false } }.count == 2)
    }

    @Test func aLaggingReaderGetsEveryCallButPastAnEighthOfTheRingNoStackWindows() throws {
        final class Seen { var maps = 0, withWindow = 0, withoutWindow = 0 }
        let seen = Seen()
        let program = try BPFProgram(ringBufferBytes: 4 << 20) { record in
            guard let event = RecordDecoder.decode(record)?.event, case .mmap(_, 4096, _, _, _, _, _) = event.kind else { return }
            seen.maps += 1
            if event.stack?.registers?.window.isEmpty == false { seen.withWindow += 1 } else { seen.withoutWindow += 1 }
        }
        defer { program.close() }
        try program.setConfig(followChildren: false, userStacks: true, faultSampleNanoseconds: 0)
        let calls = 2_000
        // Through glibc's wrappers (no frame pointers): each record would carry 512 bytes.
        let script = """
            import ctypes, mmap
            libc = ctypes.CDLL(None)
            libc.mmap.restype = ctypes.c_void_p
            libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
            libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
            for _ in range(\(calls)):
                a = libc.mmap(None, 4096, 3, 0x22, -1, 0)
                libc.munmap(a, 4096)
            """
        let child = try PausedChild(command: [Python.executable, "-c", script])
        try program.addWatched(child.pid)
        let before = program.counters()
        try child.release()
        child.wait(blocking: true) // nobody reads meanwhile: past half a mebibyte waiting, no windows
        let after = program.counters()
        while try program.consume() > 0 {}
        #expect(seen.maps >= calls, "every mmap is delivered (Python maps some pages of its own too) (\(seen.maps) of \(calls))")
        #expect(seen.withWindow > 0 && seen.withoutWindow > 0,
                "windows until an eighth of the ring waits, none after (\(seen.withWindow) with, \(seen.withoutWindow) without)")
        #expect(after.windows_dropped - before.windows_dropped >= UInt64(seen.withoutWindow),
                "the kernel counts the windows it left out")
    }

    @Test func aLaggingReaderGetsOneWakeupPerQuarterMebibyteNotOnePerRecord() throws {
        final class Count { var records = 0 }
        let count = Count()
        let program = try BPFProgram(ringBufferBytes: 32 << 20) { record in
            if case .failed(.munmap, _, 0x1001, _)? = RecordDecoder.decode(record)?.event?.kind { count.records += 1 }
        }
        defer { program.close() }
        let calls = 100_000
        let script = """
            import ctypes
            libc = ctypes.CDLL(None)
            libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
            f = libc.munmap
            for _ in range(\(calls)):
                f(0x1001, 4096)
            """
        let child = try PausedChild(command: [Python.executable, "-c", script])
        try program.addWatched(child.pid)
        let before = program.counters()
        try child.release()
        child.wait(blocking: true) // nobody reads meanwhile: the reader lags by the whole run
        let after = program.counters()
        // Each munmap record is 48 bytes plus the ring's 8-byte header.
        let produced = UInt64(calls) * 56
        let forced = after.forced_wakeups - before.forced_wakeups
        #expect(forced >= produced / UInt64(VMSCOPE_WAKEUP_BYTES) - 1, "a reader asleep with more than 256 KiB waiting is woken (\(forced))")
        #expect(forced <= produced / UInt64(VMSCOPE_WAKEUP_BYTES) + 2,
                "\(forced) forced wakeups for \(produced) bytes (one per record would be \(calls))")
        #expect(after.event_wakeups - before.event_wakeups == 2, "the exec's layout end and the exit woke the reader at once")
        while try program.consume() > 0 {}
        #expect(count.records == calls, "nothing lost")
        #expect(program.totalDrops() == 0)
    }
}
