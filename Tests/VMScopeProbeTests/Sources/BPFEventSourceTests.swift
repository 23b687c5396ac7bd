import Foundation
import Testing
import VMScopeCore
@testable import VMScopeProbe

/// The real probe against real processes: no mocks. Disabled (with the reason) when eBPF cannot
/// load here, e.g. not root.
@Suite(.enabled(if: ProbeAvailability.isAvailable, ProbeAvailability.skipComment), .serialized)
struct BPFEventSourceTests {
    let source: BPFEventSource

    init() throws {
        source = try BPFEventSource.open()
    }

    @Test func shellRunShowsExecLibcMappingAndCleanExit() throws {
        let run = try TracedRun.run(["/bin/sh", "-c", "true"], source: source)
        let own = run.own
        #expect(own.contains { if case .exec(let name) = $0.kind { name.hasSuffix("sh") } else { false } })
        let libc = own.compactMap { event -> String? in
            if case .mmap(_, _, _, _, _, _, let file?) = event.kind, file.path.contains("libc") { return file.path }
            return nil
        }
        #expect(!libc.isEmpty, "the dynamic loader's mmap of libc should name the file")
        #expect(libc.allSatisfy { $0.hasPrefix("/") }, "file paths should be absolute: \(libc)")
        let exits = own.filter(\.isExit)
        #expect(exits.count == 1)
        #expect(exits.first?.kind == .exit(status: 0))
        // The exit comes last: nothing of this process after it.
        #expect(own.last?.isExit == true)
    }

    @Test func pythonStartupGrowsTheHeapWithBrk() throws {
        let run = try TracedRun.run([Python.executable, "-c", "x = [str(i) for i in range(20000)]"], source: source)
        let grows = run.own.compactMap { event -> (UInt64, UInt64, UInt64)? in
            if case .brk(let old, let new, let requested) = event.kind { return (old, new, requested) }
            return nil
        }
        #expect(!grows.isEmpty, "python's malloc should move the break")
        #expect(grows.contains { $0.1 > $0.0 })
        #expect(grows.allSatisfy { $0.1 == $0.2 }, "a successful brk lands exactly where it was asked")
        #expect(!run.own.contains { if case .brk(_, _, 0) = $0.kind { true } else { false } },
                "brk(0) queries are not reported")
    }

    @Test func anonymousMappingAndItsPageFaultsAreCounted() throws {
        let script = """
            import mmap
            m = mmap.mmap(-1, 1 << 20)
            for i in range(0, 1 << 20, 4096):
                m[i] = 1
            """
        let run = try TracedRun.run([Python.executable, "-c", script], source: source)
        let mappings = run.own.compactMap { event -> UInt64? in
            if case .mmap(let address, 1 << 20, let prot, let flags, _, _, nil) = event.kind,
               flags.contains(.anonymous), prot.contains(.write) { return address }
            return nil
        }
        let address = try #require(mappings.last, "the 1 MiB anonymous mmap should be reported")
        var faults: UInt64 = 0
        for event in run.own {
            if case .faultCounts(let bucket, let size, let count) = event.kind,
               bucket < address + (1 << 20), bucket + size > address {
                faults += count
            }
        }
        #expect(faults >= 256, "every page of the mapping was touched")
        #expect(run.own.contains { if case .pageFault = $0.kind { true } else { false } },
                "some individual faults are sampled")
    }

    /// A fault counted while userspace takes the counts must land in this drain or the next,
    /// never in a bucket that is being deleted: drained back to back during a storm whose every
    /// pair faults 16 times in one bucket, the counts add up to at least every page written.
    @Test("fault counts drained back to back during a 100 000-pair storm: not one fault lost", arguments: 1...2)
    func faultCountsSurviveConcurrentDrains(round: Int) throws {
        let pairs = 100_000
        let run = try TracedRun.run([BuiltProducts.workload.path, "storm", "\(pairs)"], source: source,
                                    awaitingExec: true, timeout: .seconds(120), drainEvery: 0)
        // Only the buckets the storm's mappings cover: the program's own start-up faults
        // elsewhere would make up for lost ones.
        var stormBuckets = Set<UInt64>()
        for event in run.own {
            if case .mmap(let address, 65536, _, _, _, _, nil) = event.kind {
                stormBuckets.insert(address >> 16)
                stormBuckets.insert((address + 65535) >> 16)
            }
        }
        var faults: UInt64 = 0
        for event in run.own {
            if case .faultCounts(let bucket, _, let count) = event.kind, stormBuckets.contains(bucket >> 16) {
                faults += count
            }
        }
        #expect(run.waitStatus == 0, "round \(round): the storm did not finish cleanly")
        #expect(source.lostRecords == 0, "round \(round): records were lost, the count cannot be checked")
        #expect(faults >= UInt64(pairs * 16), "round \(round): \(faults) faults counted for \(pairs * 16) pages written")
    }

    @Test func failedCallsAreReportedAsFailures() throws {
        let script = """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
            libc.munmap(0x1001, 4096)
            libc.brk.argtypes = [ctypes.c_void_p]
            libc.brk(0x1000)
            """
        let run = try TracedRun.run([Python.executable, "-c", script], source: source)
        #expect(run.own.contains { $0.kind == .failed(syscall: .munmap, errno: EINVAL, address: 0x1001, length: 4096) })
        #expect(run.own.contains { $0.kind == .failed(syscall: .brk, errno: ENOMEM, address: 0x1000, length: 0) })
        #expect(!run.own.contains { if case .munmap(0x1001, _) = $0.kind { true } else { false } })
    }

    @Test func unwatchedProcessProducesNoKernelRecords() throws {
        // Straight from the ring buffer, below the event source's own bookkeeping, so this
        // checks the kernel-side filter.
        final class Seen { var tgids: [UInt32] = [] }
        let seen = Seen()
        let program = try BPFProgram { record in
            if let decoded = RecordDecoder.decode(record) { seen.tgids.append(UInt32(bitPattern: decoded.tgid)) }
        }
        defer { program.close() }
        let watched = try PausedChild(command: [Python.executable, "-c", "import mmap; mmap.mmap(-1, 1 << 16)[0] = 1"])
        let unwatched = try PausedChild(command: [Python.executable, "-c", "import mmap; mmap.mmap(-1, 1 << 16)[0] = 1"])
        try program.addWatched(watched.pid)
        try watched.release()
        try unwatched.release()
        watched.wait(blocking: true)
        unwatched.wait(blocking: true)
        try program.consume()
        #expect(seen.tgids.contains(UInt32(watched.pid)), "the watched twin is seen")
        #expect(!seen.tgids.contains(UInt32(unwatched.pid)))
        #expect(!program.takeFaultCounts().contains { $0.tgid == unwatched.pid })
    }

    @Test func unwatchStopsEvents() throws {
        let script = """
            import mmap, time
            for _ in range(400):
                mmap.mmap(-1, 4096)[0] = 1
                time.sleep(0.01)
            """
        let child = try PausedChild(command: [Python.executable, "-c", script])
        defer {
            child.kill(SIGKILL)
            child.wait(blocking: true)
        }
        try source.watch(pid: child.pid)
        try child.release()
        var seen = false
        for _ in 0..<200 where !seen {
            seen = try source.drain().contains { $0.tgid == child.pid && $0.kind.isMmap }
            usleep(20_000)
        }
        #expect(seen, "a watched process's mmaps arrive")
        source.unwatch(pid: child.pid)
        _ = try source.drain()
        usleep(300_000)
        let after = try source.drain().filter { $0.tgid == child.pid }
        #expect(after.isEmpty, "nothing after unwatch, got \(after.count) events")
        #expect(child.wait() == nil, "the child was still running, so silence means unwatch worked")
    }

    @Test func forksAndThreadsAreReportedAndChildrenFollowedOnRequest() throws {
        let script = """
            import os, threading, mmap
            t = threading.Thread(target=lambda: None); t.start(); t.join()
            pid = os.fork()
            if pid == 0:
                mmap.mmap(-1, 3 << 16)[0] = 1
                os._exit(7)
            os.waitpid(pid, 0)
            """
        let reported = try TracedRun.run([Python.executable, "-c", script], source: source)
        let forks = reported.own.compactMap { event -> (Int32, Bool)? in
            if case .fork(let child, let isThread) = event.kind { return (child, isThread) }
            return nil
        }
        #expect(forks.contains { $0.1 }, "the thread")
        #expect(reported.own.filter(\.isExit).count == 1, "a thread ending is not the process exiting")
        let childPid = try #require(forks.last { !$0.1 }?.0, "the forked process")
        #expect(!reported.events.contains { $0.tgid == childPid }, "not followed by default")

        source.followChildren = true
        defer { source.followChildren = false }
        let followed = try TracedRun.run([Python.executable, "-c", script], source: source)
        let followedChild = try #require(followed.own.compactMap { event -> Int32? in
            if case .fork(let child, false) = event.kind { return child }
            return nil
        }.last)
        // The parent waits for the child, so its exit record is in the buffer before the parent's.
        let childEvents = followed.events.filter { $0.tgid == followedChild }
        #expect(childEvents.contains { $0.kind == .exit(status: 7 << 8) })
        #expect(childEvents.contains { if case .mmap(_, 3 << 16, _, _, _, _, _) = $0.kind { true } else { false } })
    }

    @Test func droppedRecordsAreCountedExactly() throws {
        // 120 000 failing munmaps (~6 MB of records) into a 1 MiB ring that nobody drains
        // until the process is gone: some records must be lost, and every call is either
        // delivered or counted as lost.
        let source = try BPFEventSource.open(ringBufferBytes: 1 << 20)
        let calls = 120_000
        let script = """
            import ctypes
            libc = ctypes.CDLL(None)
            libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
            f = libc.munmap
            for _ in range(\(calls)):
                f(0x1001, 4096)
            """
        let child = try PausedChild(command: [Python.executable, "-c", script])
        try source.watch(pid: child.pid)
        try child.release()
        child.wait(blocking: true)
        var events: [MemoryEvent] = []
        while true {
            let batch = try source.drain()
            if batch.isEmpty { break }
            events += batch
        }
        let delivered = events.filter {
            $0.tgid == child.pid && $0.kind == .failed(syscall: .munmap, errno: EINVAL, address: 0x1001, length: 4096)
        }.count
        let lost = events.reduce(UInt64(0)) { sum, event in
            if case .lost(let count) = event.kind { return sum + count }
            return sum
        }
        #expect(lost > 0, "the ring buffer should have overflowed")
        #expect(source.lostRecords == lost)
        // Besides the munmaps only a handful of records can be among the lost: the exit, and
        // the exit layout's records (one per VMA: python has a few hundred at most).
        #expect(UInt64(delivered) + lost >= UInt64(calls))
        #expect(UInt64(delivered) + lost <= UInt64(calls) + 8 + 512)
    }

    @Test func aDrainTakesABoundedNumberOfRecords() throws {
        // With a budget of 5 records per consume, a run of 40 failing munmaps arrives over
        // several drains, in order, none lost.
        final class Seen { var addresses: [UInt64] = [] }
        let seen = Seen()
        let program = try BPFProgram { record in
            if case .failed(.munmap, _, let address, _)? = RecordDecoder.decode(record)?.event?.kind {
                seen.addresses.append(address)
            }
        }
        defer { program.close() }
        program.recordsPerConsume = 5
        let script = """
            import ctypes
            libc = ctypes.CDLL(None)
            libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
            for i in range(40):
                libc.munmap(0x1001 + i, 4096)
            """
        let child = try PausedChild(command: [Python.executable, "-c", script])
        try program.addWatched(child.pid)
        try child.release()
        child.wait(blocking: true)
        var rounds = 0
        while try program.consume() > 0 {
            rounds += 1
            #expect(seen.addresses.count <= rounds * 5)
        }
        #expect(seen.addresses == (0..<40).map { 0x1001 + UInt64($0) })
        #expect(rounds >= 8)
    }

    @Test func aShortPathAfterTheRingHasWrappedHasNoOlderNames() throws {
        // Ring-buffer memory is reused once 4 MiB of records have gone through: a record for a
        // two-component path must not pick up a deep path's names from an older record.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-paths-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let deep = scratch.appendingPathComponent("aa/bb/cc/dd/ee/deep.bin")
        let short = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-short-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: short) }
        try FileManager.default.createDirectory(at: deep.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(count: 4096).write(to: deep)
        try Data(count: 4096).write(to: short)
        // Each mapping is gone before the drain reads it, so the kernel's path is what arrives.
        let script = """
            import mmap, sys
            def churn(path, times):
                with open(path, "r+b") as f:
                    for _ in range(times):
                        mmap.mmap(f.fileno(), 4096).close()
            churn(sys.argv[1], 12000)
            churn(sys.argv[2], 50)
            """
        let run = try TracedRun.run([Python.executable, "-c", script, deep.path, short.path], source: source)
        let paths = run.own.compactMap { event -> String? in
            if case .mmap(_, 4096, _, _, _, _, let file?) = event.kind, file.path.hasSuffix(".bin") { return file.path }
            return nil
        }
        let shortPaths = paths.filter { $0.hasSuffix(short.lastPathComponent) }
        #expect(!shortPaths.isEmpty, "no mmap of the short path arrived (\(paths.count) file mmaps)")
        #expect(shortPaths.allSatisfy { $0 == short.path }, "older names leaked in: \(Set(shortPaths).prefix(3))")
    }

    @Test func watchingAMissingProcessSaysSo() {
        #expect(throws: BPFMapError.noSuchProcess(pid: 999_999_999)) {
            try source.watch(pid: 999_999_999)
        }
    }

    @Test func sourceDescribesItself() {
        #expect(source.name == "eBPF")
        #expect(source.pollDescriptor != nil)
        #expect(source.lostRecords == 0)
    }
}

extension MemoryEventKind {
    var isMmap: Bool {
        if case .mmap = self { return true }
        return false
    }
}
