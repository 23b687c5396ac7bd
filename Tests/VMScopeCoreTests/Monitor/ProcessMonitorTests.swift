import Testing
@testable import VMScopeCore

/// The engine against a scripted source and a scripted /proc: snapshots, exec, exit, pid reuse,
/// lost, out-of-order and late records, children.
@Suite struct ProcessMonitorTests {
    typealias F = TimelineFixture
    static let pid: Int32 = 42
    static let slot: UInt64 = 0x7f00_0005_0000
    static let newAnon = MemoryEventKind.mmap(address: slot, length: 0x3000, protection: F.rw,
                                              flags: F.anonRW, fd: -1, offset: 0, file: nil)
    static let withNewAnon = F.replacing(0, in: F.program, with: [F.anon(slot, slot + 0x3000)])
    static let ms: UInt64 = 1_000_000

    let clock = FakeClock()
    let source: ScriptedSource
    let table: ScriptedProcTable
    let monitor: ProcessMonitor

    init() {
        source = ScriptedSource(clock: clock)
        table = ScriptedProcTable(clock: clock)
        monitor = ProcessMonitor(source: source, reader: table, interval: 500 * Self.ms, drainPeriod: 50 * Self.ms,
                                 clock: { [clock] in clock.now })
    }

    init(capabilities: EventSourceCapabilities) {
        source = ScriptedSource(clock: clock, capabilities: capabilities)
        table = ScriptedProcTable(clock: clock)
        monitor = ProcessMonitor(source: source, reader: table, interval: 500 * Self.ms, drainPeriod: 50 * Self.ms,
                                 clock: { [clock] in clock.now })
    }

    func event(_ at: UInt64, _ kind: MemoryEventKind, pid: Int32 = Self.pid) -> MemoryEvent {
        MemoryEvent(timestamp: at, tgid: pid, tid: pid, kind: kind)
    }

    /// Runs ticks every `step` until `until`, collecting the updates.
    func run(until: UInt64, step: UInt64 = 50 * Self.ms) throws -> [MonitorUpdate] {
        var updates: [MonitorUpdate] = []
        while clock.now < until {
            clock.advance(min(step, until - clock.now))
            updates += try monitor.tick()
        }
        return updates
    }

    // MARK: - Attaching

    @Test func attachingReadsAFirstSnapshotAndThenOneEveryInterval() throws {
        table.add(Self.pid, reads: [F.program])
        let process = try monitor.watch(pid: Self.pid)
        #expect(source.watched[Self.pid] == false)
        var updates = try monitor.tick()
        #expect(updates.joinedPids == [Self.pid])
        #expect(updates.snapshots.count == 1 && updates.snapshots.first?.reconciled.report.isInitial == true)
        updates = try run(until: clock.now + 1200 * Self.ms)
        #expect(updates.snapshots.count == 2, "one read per 500 ms interval")
        #expect(updates.snapshots.allSatisfy { $0.reconciled.report.unexplainedCount == 0 })
        #expect(process.snapshotCount == 3)
    }

    @Test func aProcessThatIsCostlyToReadIsReadRarelyWhenEachCallIsSeen() throws {
        // 20 ms a read (60 000 mappings): at 0.25 % of a core, once every 8 s, not every 500 ms.
        table.readTime = 20 * Self.ms
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        _ = try run(until: clock.now + 7_500 * Self.ms, step: 100 * Self.ms)
        #expect(table.readCount[Self.pid] == 1)
        _ = try run(until: clock.now + 1_000 * Self.ms, step: 100 * Self.ms)
        #expect(table.readCount[Self.pid] == 2)
    }

    @Test func withoutEachCallACostlyProcessIsStillReadOftenerAsReadsAreTheOnlyNews() throws {
        let monitor = ProcessMonitor(source: ScriptedSource(clock: clock, capabilities: []), reader: table,
                                     interval: 500 * Self.ms, clock: { [clock] in clock.now })
        table.readTime = 20 * Self.ms
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        var now = clock.now
        while clock.now < now + 3_000 * Self.ms {
            clock.advance(100 * Self.ms)
            _ = try monitor.tick()
        }
        now = clock.now
        #expect(table.readCount[Self.pid] == 3 || table.readCount[Self.pid] == 4, "every second at 2 % of a core")
    }

    @Test func watchingAMissingProcessThrows() {
        #expect(throws: ProcReadError.self) { try monitor.watch(pid: 7) }
    }

    // MARK: - The snapshot race

    @Test func aChangeWhoseRecordArrivesAfterTheReadIsPendingNotUnexplained() throws {
        table.add(Self.pid, reads: [F.program, Self.withNewAnon])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        // The next read will start at about +500 ms and take 2 ms; the mmap happens 1 ms into
        // it and the read sees it, but its record is only delivered 6 ms later.
        let readStart = clock.now + 500 * Self.ms
        source.emit(event(readStart + 1 * Self.ms, Self.newAnon), delay: 6 * Self.ms)
        clock.now = readStart
        var updates = try monitor.tick()
        #expect(updates.snapshots.isEmpty, "not reconciled before its in-flight records could arrive")
        clock.advance(5 * Self.ms)
        updates += try monitor.tick()
        #expect(updates.snapshots.isEmpty, "still inside the allowance")
        clock.advance(10 * Self.ms)
        updates += try monitor.tick()
        let report = try #require(updates.snapshots.first?.reconciled.report)
        #expect(report.unexplainedCount == 0, "\(report.unexplained)")
        #expect(report.expected.map(\.explanation) == [.changedDuringRead])
        #expect(AddressSpaceEditor.sameLayout(monitor.processes[0].timeline.currentRegions, Self.withNewAnon))
    }

    @Test func aReadIsNotReconciledWhileRecordsStampedBeforeItsEndStillWaitBehindADrainsBudget() throws {
        table.add(Self.pid, reads: [F.program, Self.withNewAnon])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        // A storm: 40 records that change nothing queue up before the read, then the mmap the
        // read sees, stamped 1 ms into it. Each drain takes 2 records (the probe's budget per
        // consume): the mmap's record arrives long after the allowance has passed.
        let readStart = clock.now + 500 * Self.ms
        for index in 0..<40 as Range<UInt64> {
            source.emit(event(readStart - 40 * Self.ms + index, .madvise(address: Self.slot, length: 0x1000, advice: MemoryAdvice(rawValue: 3))))
        }
        source.emit(event(readStart + 1 * Self.ms, Self.newAnon))
        source.drainLimit = 2
        clock.now = readStart
        var updates = try monitor.tick()
        while source.hasBacklog || updates.snapshots.isEmpty, clock.now < readStart + 2_000 * Self.ms {
            clock.advance(20 * Self.ms)
            updates += try monitor.tick()
        }
        let report = try #require(updates.snapshots.first?.reconciled.report)
        #expect(report.unexplainedCount == 0, "reconciled before the mmap's record was drained: \(report.unexplained)")
        #expect(AddressSpaceEditor.sameLayout(monitor.processes[0].timeline.currentRegions, Self.withNewAnon))
    }

    @Test func aChangeNoRecordEverExplainsIsUnexplained() throws {
        table.add(Self.pid, reads: [F.program, Self.withNewAnon])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        let updates = try run(until: clock.now + 600 * Self.ms)
        #expect(updates.snapshots.first?.reconciled.report.unexplainedCount == 1)
    }

    // MARK: - Exec

    @Test func aReadDuringAnExecIsDroppedAndTakenAgainAfterIt() throws {
        let image = [F.file(0x55_0000_0000, 0x55_0000_2000, "r-xp", "/usr/bin/other", inode: 30),
                     F.stack(0x7ffe_0000_0000, 0x7ffe_0002_1000)]
        table.add(Self.pid, reads: [F.program, image, image])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        // exec starts just before the next read, replaces the image during it, and its record
        // (stamped after the read and the allowance) arrives 30 ms later. No kernel layout.
        let readStart = clock.now + 500 * Self.ms
        source.emit(event(readStart - 1 * Self.ms, .execStarted))
        source.emit(event(readStart + 20 * Self.ms, .exec(filename: "/usr/bin/other")), delay: 10 * Self.ms)
        clock.now = readStart - 1 * Self.ms + 1
        var updates = try monitor.tick()   // drains execStarted: no read while it runs
        clock.now = readStart
        updates += try run(until: readStart + 100 * Self.ms, step: 5 * Self.ms)
        let reports = updates.snapshots.map(\.reconciled.report)
        #expect(reports.count == 1, "the read during the exec is not reconciled; one after it is")
        #expect(reports.allSatisfy { $0.unexplainedCount == 0 }, "\(reports.map(\.unexplained))")
        #expect(reports.first?.execSinceLastSnapshot == true)
    }

    @Test func aReadThatOverlapsAnExecIsDroppedEvenWhenItStartedFirst() throws {
        let image = [F.file(0x55_0000_0000, 0x55_0000_2000, "r-xp", "/usr/bin/other", inode: 30)]
        table.add(Self.pid, reads: [F.program, image, image])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        let readStart = clock.now + 500 * Self.ms
        // The exec starts 1 ms into the read (its start record arrives with the post-read drain).
        source.emit(event(readStart + 1 * Self.ms, .execStarted))
        source.emit(event(readStart + 30 * Self.ms, .exec(filename: "/usr/bin/other")))
        clock.now = readStart
        let updates = try run(until: readStart + 120 * Self.ms, step: 5 * Self.ms)
        #expect(updates.snapshots.count == 1)
        #expect(updates.snapshots.allSatisfy { $0.reconciled.report.unexplainedCount == 0 })
    }

    @Test func aLaunchedCommandIsSilentUntilItsExecAndItsKernelLayoutIsItsFirstSnapshot() throws {
        var status: Int32?
        let process = try monitor.watchLaunched(pid: Self.pid, reap: { status })
        #expect(source.watched[Self.pid] == true, "watched as awaiting its exec")
        monitor.launchReleased(process)
        var updates = try run(until: clock.now + 200 * Self.ms)
        #expect(updates.snapshots.isEmpty, "/proc still shows vmscope's copy: not read")
        #expect(table.readCount[Self.pid] == nil)
        let image = [F.file(0x55_0000_0000, 0x55_0000_2000, "r-xp", "/usr/bin/cmd", inode: 30),
                     F.stack(0x7ffe_0000_0000, 0x7ffe_0002_1000)]
        let t = clock.now + 1
        source.emit(event(t, .execStarted))
        source.emit(event(t + 100, .exec(filename: "/usr/bin/cmd")))
        source.emit(event(t + 100, .layout(KernelLayout(moment: .exec, regions: image, isComplete: true))))
        source.emit(event(t + 200, Self.newAnon))
        table.add(Self.pid, reads: [(image + [F.anon(Self.slot, Self.slot + 0x3000)]).sorted { $0.start < $1.start }])
        updates = try run(until: clock.now + 50 * Self.ms)
        let first = try #require(updates.snapshots.first?.reconciled)
        #expect(first.snapshot.origin == .kernel(.exec) && first.report.isInitial)
        #expect(updates.events.map(\.kind).contains(Self.newAnon))
        updates = try run(until: clock.now + 600 * Self.ms)
        #expect(updates.snapshots.count == 1 && updates.snapshots[0].reconciled.snapshot.origin == .proc)
        #expect(updates.snapshots[0].reconciled.report.unexplainedCount == 0, "\(updates.snapshots[0].reconciled.report.unexplained)")
        status = 0
        updates = try monitor.tick()
        #expect(updates.endings.map(\.ending) == [.exited(status: 0)])
    }

    @Test func anExecRecordThatNeverComesStopsTheWaitAfterASecond() throws {
        let process = try monitor.watchLaunched(pid: Self.pid, reap: { nil })
        monitor.launchReleased(process)
        table.add(Self.pid, reads: [F.program])
        let updates = try run(until: clock.now + 1100 * Self.ms)
        #expect(updates.snapshots.count == 1)
    }

    @Test func withoutExecEventsTheReleaseIsTheExec() throws {
        let monitor = ProcessMonitor(source: ScriptedSource(clock: clock, capabilities: []), reader: table,
                                     interval: 500 * Self.ms, clock: { [clock] in clock.now })
        let process = try monitor.watchLaunched(pid: Self.pid, reap: { nil })
        table.add(Self.pid, reads: [F.program])
        #expect(try monitor.tick().snapshots.isEmpty)
        monitor.launchReleased(process)
        #expect(try monitor.tick().snapshots.count == 1)
    }

    // MARK: - Exit

    @Test func anExitSettlesTheWaitingReadAndEndsTheProcess() throws {
        table.add(Self.pid, reads: [F.program, Self.withNewAnon])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        clock.now += 500 * Self.ms
        let readStart = clock.now
        source.emit(event(readStart - 1, Self.newAnon), delay: 1)
        source.emit(event(readStart + 4 * Self.ms, .exit(status: 0)), delay: 0)
        var updates = try monitor.tick()          // reads; the exit is not stamped yet
        clock.advance(3 * Self.ms)
        updates += try monitor.tick()             // the exit arrives before the read settled
        #expect(updates.snapshots.count == 1 && updates.snapshots[0].reconciled.report.unexplainedCount == 0)
        #expect(updates.endings.map(\.ending) == [.exited(status: 0)])
        #expect(monitor.processes.isEmpty)
        #expect(source.unwatched == [Self.pid])
    }

    @Test func theKernelExitLayoutIsComparedWithThePrediction() throws {
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        let t = clock.now + 10 * Self.ms
        source.emit(event(t, Self.newAnon))
        source.emit(event(t + 1, .layout(KernelLayout(moment: .exit, regions: Self.withNewAnon, isComplete: true))))
        source.emit(event(t + 2, .exit(status: 0)))
        let updates = try run(until: t + 50 * Self.ms)
        let last = try #require(updates.snapshots.last?.reconciled)
        #expect(last.snapshot.origin == .kernel(.exit) && !last.report.isInitial)
        #expect(last.report.unexplainedCount == 0 && last.report.eventsApplied == 1)
    }

    @Test func aStartedCommandReapedBeforeItsLastRecordsWereDrainedKeepsThem() throws {
        var status: Int32?
        // Reaping happens a moment after the tick's drain: the records arrived in between.
        let process = try monitor.watchLaunched(pid: Self.pid, reap: { [clock] in clock.advance(Self.ms); return status })
        monitor.launchReleased(process)
        let t = clock.now + 1
        source.emit(event(t, .exec(filename: "/usr/bin/cmd")))
        source.emit(event(t + 10, Self.newAnon))
        source.emit(event(t + 20, .exit(status: 256)))
        status = 256
        let updates = try monitor.tick()
        #expect(updates.events.map(\.kind).contains(Self.newAnon))
        #expect(updates.endings.map(\.ending) == [.exited(status: 256)])
    }

    @Test func aReapedCommandKeepsEveryRecordEvenWhenTheyTakeManyDrains() throws {
        // A storm leaves more records waiting than one drain takes; the command has exited and
        // been reaped before they are read. Every one of them is still its own.
        var status: Int32?
        let process = try monitor.watchLaunched(pid: Self.pid, reap: { status })
        monitor.launchReleased(process)
        source.drainLimit = 10
        let t = clock.now + 1
        source.emit(event(t, .exec(filename: "/usr/bin/storm")))
        for index in 0..<100 {
            source.emit(event(t + 10 + UInt64(index), .munmap(address: Self.slot + UInt64(index) * 0x1000, length: 0x1000)))
        }
        source.emit(event(t + 500, .exit(status: 0)))
        clock.advance(Self.ms)
        status = 0
        let updates = try monitor.tick()
        #expect(updates.events.filter { if case .munmap = $0.kind { true } else { false } }.count == 100)
        #expect(updates.endings.map(\.ending) == [.exited(status: 0)])
    }

    @Test func aChildWhoseReadFailsBecauseItExitedEndsWithItsExitRecord() throws {
        monitor.followChildren = true
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        let t = clock.now + 1
        source.emit(event(t, .fork(childPid: 43, isThread: false)))
        // The child's records are submitted after the drain that brings the fork: by the time
        // its first read fails (it is gone), they are waiting.
        source.emit(event(t + 10, Self.newAnon, pid: 43), delay: 20 * Self.ms)
        source.emit(event(t + 20, .exit(status: 0), pid: 43), delay: 20 * Self.ms)
        table.readTime = 30 * Self.ms   // the read of the vanished child ends after they arrived
        clock.advance(10 * Self.ms)
        let updates = try monitor.tick()
        #expect(updates.joinedPids == [43])
        #expect(updates.events.contains { $0.tgid == 43 && $0.kind == Self.newAnon })
        #expect(updates.endings.map(\.ending) == [.exited(status: 0)])
    }

    @Test func aProcessThatVanishesWithoutAnExitRecordIsGone() throws {
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        table.processes[Self.pid]?.running = false
        let updates = try run(until: clock.now + 600 * Self.ms)
        #expect(updates.endings.map(\.ending) == [.gone])
    }

    @Test func aReusedPidEndsTheOldLifetime() throws {
        table.add(Self.pid, startTicks: 100, reads: [F.program])
        let old = try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        table.add(Self.pid, command: "other", startTicks: 999, reads: [Self.withNewAnon])
        var updates = try run(until: clock.now + 600 * Self.ms)
        #expect(updates.endings.map(\.ending) == [.pidReused])
        #expect(old.ending == .pidReused && monitor.processes.isEmpty)
        // Watching the pid again is the new process, with its own timeline.
        let new = try monitor.watch(pid: Self.pid)
        updates = try monitor.tick()
        #expect(new !== old && new.startTimeTicks == 999)
        #expect(updates.snapshots.first?.reconciled.report.isInitial == true)
    }

    // MARK: - Lost, late and out-of-order records

    @Test func lostRecordsAreReportedOnceAndAskForAFreshRead() throws {
        table.add(Self.pid, reads: [F.program, Self.withNewAnon])
        table.add(7, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        try monitor.watch(pid: 7)
        _ = try monitor.tick()
        source.emit(MemoryEvent(timestamp: clock.now + 1, tgid: 0, tid: 0, kind: .lost(count: 3)))
        let updates = try run(until: clock.now + 100 * Self.ms, step: 10 * Self.ms)
        let lost = updates.filter { if case .lost = $0 { true } else { false } }
        #expect(lost.count == 1)
        let mine = updates.snapshots.filter { $0.pid == Self.pid }
        #expect(mine.count == 1, "read again well before the interval")
        #expect(mine.first?.reconciled.report.explainedByLoss == true)
        #expect(mine.first?.reconciled.report.unexplainedCount == 0)
    }

    @Test func outOfOrderAndLateRecordsKeepTheModelExact() throws {
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        let t = clock.now + 10 * Self.ms
        let protect = MemoryEventKind.mprotect(address: Self.slot, length: 0x3000, protection: .read)
        // The mprotect's record overtakes the mmap's (another CPU's record delivered first).
        source.emit(event(t + 1, protect))
        source.emit(event(t, Self.newAnon), delay: 30 * Self.ms)
        var expected = Self.withNewAnon
        expected[expected.firstIndex { $0.start == Self.slot }!].permissions = F.perms("r--p")
        table.add(Self.pid, reads: [expected])
        let updates = try run(until: clock.now + 600 * Self.ms)
        #expect(updates.snapshots.count == 1 && updates.snapshots[0].reconciled.report.unexplainedCount == 0)
        #expect(AddressSpaceEditor.sameLayout(monitor.processes[0].timeline.currentRegions, expected))
    }

    // MARK: - Children

    @Test func aForkWhileFollowingWatchesTheChildFromItsFirstRecord() throws {
        monitor.followChildren = true
        #expect(source.followChildren)
        table.add(Self.pid, reads: [F.program])
        table.add(43, command: "child", startTicks: 200, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        let t = clock.now + 1
        source.emit(event(t, .fork(childPid: 43, isThread: false)))
        source.emit(event(t + 5, Self.newAnon, pid: 43))
        let updates = try run(until: clock.now + 60 * Self.ms)
        #expect(updates.joinedPids == [43])
        #expect(monitor.processes.map(\.pid) == [Self.pid, 43])
        #expect(monitor.processes[1].joinReason == .forked(parent: Self.pid))
        #expect(updates.events.contains { $0.tgid == 43 && $0.kind == Self.newAnon })
        #expect(updates.snapshots.contains { $0.pid == 43 })
    }

    @Test func aForkIsOnlyAnEventWhenNotFollowing() throws {
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        source.emit(event(clock.now + 1, .fork(childPid: 43, isThread: false)))
        let updates = try run(until: clock.now + 60 * Self.ms)
        #expect(updates.joinedPids.isEmpty)
        #expect(updates.events.count == 1)
    }

    @Test func withForkEventsAChildIsFollowedFromItsForkNeverFoundByAScan() throws {
        // The command forks before the engine's first tick; /proc already lists the child, its
        // fork record is still in the ring buffer. It is a child followed from its fork.
        monitor.followChildren = true
        let process = try monitor.watchLaunched(pid: Self.pid, reap: { nil })
        monitor.launchReleased(process)
        table.add(43, command: "child", startTicks: 200, reads: [F.program])
        table.children[Self.pid] = [43]
        source.emit(event(clock.now + 1, .exec(filename: "/bin/sh")))
        source.emit(event(clock.now + 2, .fork(childPid: 43, isThread: false)), delay: 5 * Self.ms)
        let updates = try run(until: clock.now + 60 * Self.ms, step: 2 * Self.ms)
        #expect(updates.joinedPids == [Self.pid, 43])
        #expect(monitor.processes.last?.joinReason == .forked(parent: Self.pid))
    }

    @Test func attachingWhileFollowingFindsTheChildrenAlreadyRunning() throws {
        monitor.followChildren = true
        table.add(Self.pid, reads: [F.program])
        table.add(43, command: "child", startTicks: 200, reads: [F.program])
        table.children[Self.pid] = [43]
        try monitor.watch(pid: Self.pid)
        let updates = try monitor.tick()
        #expect(updates.joinedPids == [Self.pid, 43])
        #expect(monitor.processes.last?.joinReason == .found)
    }

    @Test func withoutForkEventsChildrenAreFoundByTheirParentLinks() throws {
        let source = ScriptedSource(clock: clock, capabilities: [])
        let monitor = ProcessMonitor(source: source, reader: table, interval: 500 * Self.ms,
                                     followChildren: true, clock: { [clock] in clock.now })
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        var updates = try monitor.tick()
        table.add(43, command: "child", startTicks: 200, reads: [F.program])
        table.children[Self.pid] = [43]
        clock.advance(600 * Self.ms)
        updates = try monitor.tick()
        #expect(updates.joinedPids == [43])
        #expect(monitor.processes.last?.joinReason == .found)
    }

    // MARK: - Polling

    @Test func pollingAppliesTheChangeSinceTheLastReadAndReconcilesAtOnce() throws {
        let source = ScriptedSource(clock: clock, capabilities: [])
        let monitor = ProcessMonitor(source: source, reader: table, interval: 500 * Self.ms,
                                     clock: { [clock] in clock.now })
        table.add(Self.pid, reads: [F.program, Self.withNewAnon])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        source.changeScript = [[event(clock.now + 500 * Self.ms, Self.newAnon)]]
        clock.advance(500 * Self.ms)
        let updates = try monitor.tick()
        #expect(updates.events.map(\.kind) == [Self.newAnon])
        #expect(updates.snapshots.count == 1 && updates.snapshots[0].reconciled.report.unexplainedCount == 0)
    }

    /// Without eBPF the changes come from comparing reads, and are judged like the probe's
    /// calls: a block that appeared below the program is the moment heap and mmap met.
    @Test func pollingChangesAreJudgedForCollisionsToo() throws {
        let source = ScriptedSource(clock: clock, capabilities: [])
        let monitor = ProcessMonitor(source: source, reader: table, interval: 500 * Self.ms,
                                     clock: { [clock] in clock.now })
        let layout = CollisionDetectorTests.layout
        let block: UInt64 = 64 << 20
        let below = F.anon(0x5661_5000 - block, 0x5661_5000)
        table.add(Self.pid, reads: [layout, [below] + layout])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        let placed = MemoryEventKind.mmap(address: below.start, length: block, protection: F.rw, flags: F.anonRW,
                                          fd: -1, offset: 0, file: nil)
        source.changeScript = [[event(clock.now + 500 * Self.ms, placed)]]
        clock.advance(500 * Self.ms)
        let updates = try monitor.tick()
        let events = updates.events
        #expect(events.map(\.kind) == [placed])
        #expect(events.first?.collision?.kind == .mmapBelowExecutable(imageStart: 0x5661_5000))
    }

    // MARK: - Reads that fail

    @Test func aProcessWhoseMapsIsDeniedSaysSoAndIsNotReadInALoop() throws {
        table.add(Self.pid, reads: [F.program])
        table.processes[Self.pid]?.denied = true
        let process = try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        guard case .permissionDenied = process.readProblem else {
            Issue.record("expected a permission problem, got \(String(describing: process.readProblem))")
            return
        }
        #expect(monitor.nextDeadline() > clock.now, "no busy loop on a read that fails")
        _ = try run(until: clock.now + 1100 * Self.ms)
        #expect(process.isLive)
    }

    @Test func aOneShotReadWithNoIntervalAtAll() throws {
        // `layout`: one snapshot, never another (the interval must not overflow the clock).
        let monitor = ProcessMonitor(source: ScriptedSource(clock: clock, capabilities: []), reader: table,
                                     interval: .max, clock: { [clock] in clock.now })
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        let updates = try monitor.finish()
        #expect(updates.snapshots.count == 1 && updates.endings.map(\.ending) == [.stopped])
        #expect(monitor.nextDeadline() >= clock.now)
    }

    @Test func finishingEndsEveryoneStillWatched() throws {
        table.add(Self.pid, reads: [F.program])
        try monitor.watch(pid: Self.pid)
        _ = try monitor.tick()
        let updates = try monitor.finish()
        #expect(updates.endings.map(\.ending) == [.stopped])
        #expect(source.unwatched == [Self.pid])
    }
}
