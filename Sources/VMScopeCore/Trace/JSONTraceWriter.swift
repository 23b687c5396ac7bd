/// `vmscope trace --json`: JSON Lines, one object per event plus `start`, `process`, `snapshot`
/// and `end` records. The schema is documented in the README ("trace --json schema").
public final class JSONTraceWriter: TraceWriter {
    private let output: LineOutput
    private let includeFaultSamples: Bool
    private var startTime: UInt64 = 0
    public var outputBroken: Bool { output.isBroken }

    public init(output: LineOutput, includeFaultSamples: Bool) {
        self.output = output
        self.includeFaultSamples = includeFaultSamples
    }

    public func begin(_ start: TraceStart) {
        startTime = start.time
        var line = record("start", start.time)
        // `pid` is the first process, as in traces of one process; `pids` names them all.
        line.add("pid", start.pids.first)
        line.add("pids", integers: start.pids)
        line.add("command", start.command)
        line.add("source", start.source)
        line.add("note", start.note)
        line.add("follow", start.followChildren)
        line.write(to: output)
        output.flush()
    }

    public func write(_ updates: [MonitorUpdate], lostTotal: UInt64) {
        for update in updates {
            switch update {
            case .joined(let process):
                var line = record("process", process.joinedAt)
                line.add("pid", process.pid)
                line.add("reason", process.joinReason.label)
                if case .forked(let parent) = process.joinReason { line.add("parent", parent) }
                line.add("name", process.identity?.command)
                line.write(to: output)
            case .events(_, let events):
                // Fault buckets stay one record each (not coalesced runs as in the table) so a
                // reader can attribute them exactly; a bucket is 64 KiB, so a storm is still few
                // records per drain.
                for event in events {
                    if case .pageFault = event.kind, !includeFaultSamples { continue }
                    encode(event, into: &scratch)
                    scratch.write(to: output)
                }
            case .lost(let event):
                encode(event, into: &scratch)
                scratch.write(to: output)
            case .snapshot(_, let reconciled):
                snapshot(reconciled, lostTotal: lostTotal).write(to: output)
            case .ended(let process):
                end(process, lostTotal: lostTotal).write(to: output)
            }
        }
        output.flush()
    }

    public func finish() {
        output.flush()
    }

    private func snapshot(_ reconciled: ReconciledSnapshot, lostTotal: UInt64) -> JSONLine {
        let snapshot = reconciled.snapshot, report = reconciled.report
        var line = record("snapshot", snapshot.timestamp)
        line.add("pid", snapshot.pid)
        line.add("origin", Self.originLabel(snapshot.origin))
        line.add("read_ns", snapshot.readEnd - snapshot.timestamp)
        line.add("initial", report.isInitial)
        line.add("region_count", snapshot.regions.count)
        line.add("vsz", snapshot.regions.reduce(UInt64(0)) { $0 + $1.size })
        line.add("events_applied", report.eventsApplied)
        line.add("late_events_ignored", report.lateEventsIgnored)
        line.add("unexplained", report.unexplainedCount)
        line.add("differences", report.unexplained.map(\.description))
        line.add("expected_differences", report.expected.map(\.description))
        line.add("lost", report.lostSinceLastSnapshot)
        line.add("lost_total", lostTotal)
        line.add("exec", report.execSinceLastSnapshot)
        line.add("regions_changed", reconciled.regionsChanged)
        if reconciled.regionsChanged { line.add("regions", objectsOf: snapshot.regions, RegionJSON.add) }
        return line
    }

    static func originLabel(_ origin: AddressSpaceSnapshot.Origin) -> String {
        switch origin {
        case .proc: "proc"
        case .kernel(let moment): "kernel-" + moment.rawValue
        }
    }

    private func end(_ process: MonitoredProcess, lostTotal: UInt64) -> JSONLine {
        // When it ended, not when this is written: a replay writes the same.
        var line = record("end", process.endedAt ?? MonotonicClock.now())
        line.add("pid", process.pid)
        let ending = process.ending ?? .stopped
        line.add("reason", ending.label)
        if case .exited(let rawStatus) = ending {
            let status = ExitStatus(rawStatus)
            line.add("exit_status", rawStatus)
            if let code = status.code { line.add("exit_code", code) }
            if let signal = status.signal { line.add("signal", ExitStatus.signalName(signal)) }
        }
        let timeline = process.timeline
        line.add("events", timeline.totalEvents)
        line.add("faults", timeline.totalFaults)
        line.add("snapshots", process.snapshotCount)
        line.add("unexplained_total", timeline.totalUnexplained)
        line.add("lost_total", lostTotal)
        return line
    }

    private func record(_ type: StaticString, _ timestamp: UInt64) -> JSONLine {
        var line = JSONLine()
        start(&line, type, timestamp)
        return line
    }

    private func start(_ line: inout JSONLine, _ type: StaticString, _ timestamp: UInt64) {
        line.add("type", literal: type)
        line.add("ts_ns", timestamp)
        line.add("t", nanoseconds: Int64(bitPattern: timestamp &- startTime))
    }

    /// The line every event is built in, reused: a storm's events cost no allocation each.
    private var scratch = JSONLine()
    /// mmap flags in words, by value: a storm repeats the same few.
    private var flagNames: [UInt32: String] = [:]

    private func flagsText(_ flags: MapFlags) -> String {
        if let known = flagNames[flags.rawValue] { return known }
        let text = flags.description
        if flagNames.count < 256 { flagNames[flags.rawValue] = text }
        return text
    }

    func encode(_ event: MemoryEvent, into line: inout JSONLine) {
        line.reset()
        start(&line, "event", event.timestamp)
        line.add("pid", event.tgid)
        line.add("tid", event.tid)
        switch event.kind {
        case let .brk(old, new, requested):
            line.add("kind", literal: "brk")
            line.add("old_break", old)
            line.add("new_break", new)
            line.add("requested", requested)
        case let .mmap(address, length, protection, flags, fd, offset, file):
            line.add("kind", literal: "mmap")
            line.add("addr", address)
            line.add("len", length)
            line.add("prot", protection.description)
            line.add("prot_bits", protection.rawValue)
            line.add("flags", flagsText(flags))
            line.add("flag_bits", flags.rawValue)
            line.add("fd", fd)
            line.add("offset", offset)
            line.add("path", file?.path)
            if let file {
                line.add("dev", "\(file.device >> 20):\(file.device & 0xfffff)")
                line.add("inode", file.inode)
            }
        case let .munmap(address, length):
            line.add("kind", literal: "munmap")
            line.add("addr", address)
            line.add("len", length)
        case let .mremap(oldAddress, oldLength, newAddress, newLength, flags):
            line.add("kind", literal: "mremap")
            line.add("old_addr", oldAddress)
            line.add("old_len", oldLength)
            line.add("new_addr", newAddress)
            line.add("new_len", newLength)
            line.add("flags", flags)
            line.add("moved", oldAddress != newAddress)
        case let .mprotect(address, length, protection):
            line.add("kind", literal: "mprotect")
            line.add("addr", address)
            line.add("len", length)
            line.add("prot", protection.description)
            line.add("prot_bits", protection.rawValue)
        case let .pkeyMprotect(address, length, protection, pkey):
            line.add("kind", literal: "pkey_mprotect")
            line.add("addr", address)
            line.add("len", length)
            line.add("prot", protection.description)
            line.add("prot_bits", protection.rawValue)
            line.add("pkey", pkey)
        case let .madvise(address, length, advice):
            line.add("kind", literal: "madvise")
            line.add("addr", address)
            line.add("len", length)
            line.add("advice", advice.description)
            line.add("advice_value", advice.rawValue)
            line.add("releases_memory", advice.releasesMemory)
        case let .memoryLock(call, address, length, flags):
            line.add("kind", call.description)
            line.add("addr", address)
            line.add("len", length)
            line.add("flags", flags)
        case let .mseal(address, length, flags):
            line.add("kind", literal: "mseal")
            line.add("addr", address)
            line.add("len", length)
            line.add("flags", flags)
        case let .shmat(address, length, shmid, readOnly):
            line.add("kind", literal: "shmat")
            line.add("addr", address)
            line.add("len", length)
            line.add("shmid", shmid)
            line.add("read_only", readOnly)
        case let .shmdt(address, length):
            line.add("kind", literal: "shmdt")
            line.add("addr", address)
            line.add("len", length)
        case let .aioSetup(address, length):
            line.add("kind", literal: "io_setup")
            line.add("addr", address)
            line.add("len", length)
        case let .aioDestroy(address, length):
            line.add("kind", literal: "io_destroy")
            line.add("addr", address)
            line.add("len", length)
        case .execStarted:
            line.add("kind", literal: "exec_started")
        case let .layout(layout):
            line.add("kind", literal: "layout")
            line.add("moment", layout.moment.rawValue)
            line.add("complete", layout.isComplete)
            line.add("regions", objectsOf: layout.regions, RegionJSON.add)
        case let .pageFault(address, errorCode):
            line.add("kind", literal: "fault")
            line.add("addr", address)
            line.add("error_code", errorCode)
        case let .faultCounts(address, size, count):
            line.add("kind", literal: "faults")
            line.add("start", address)
            line.add("end", address &+ size)
            line.add("count", count)
        case let .failed(syscall, errno, address, length):
            line.add("kind", literal: "failed")
            line.add("syscall", syscall.description)
            line.add("errno", errno)
            line.add("error", ErrnoName.name(errno))
            line.add("addr", address)
            line.add("len", length)
        case let .fork(childPid, isThread):
            line.add("kind", literal: "fork")
            line.add("child_pid", childPid)
            line.add("thread", isThread)
        case let .exec(filename):
            line.add("kind", literal: "exec")
            line.add("filename", filename)
        case let .exit(status):
            line.add("kind", literal: "exit")
            line.add("status", status)
        case let .lost(count):
            line.add("kind", literal: "lost")
            line.add("count", count)
        }
        if let abi = event.abi { line.add("abi", literal: abi == .i386 ? "i386" : "x86_64") }
        if !event.gapSearches.isEmpty { line.add("gap_searches", objectsOf: event.gapSearches, Self.add) }
        if let collision = event.collision { line.add("collision") { Self.add(to: &$0, collision) } }
        if let stack = event.stack { add(stack, to: &line) }
    }

    /// The last few stacks' frames and their `stack` value, encoded: a storm repeats a few
    /// stacks, whose frames the symbolizer hands out as the same arrays each time, so a match is
    /// one identity check (a mismatch fails on the first address) and each is encoded once.
    private var recentStacks: [(frames: [StackFrame], json: [UInt8])] = []

    private func add(_ stack: UserStack, to line: inout JSONLine) {
        guard !stack.frames.isEmpty, stack.frames.count == stack.addresses.count else { return Self.add(to: &line, stack) }
        var json: [UInt8]?
        for index in recentStacks.indices where recentStacks[index].frames == stack.frames {
            json = recentStacks[index].json
            break
        }
        if json == nil {
            var value = JSONLine()
            value.add("stack", objectsOf: stack.frames, Self.add)
            json = Array(value.soleValueBytes)
            if recentStacks.count >= 4 { recentStacks.removeLast() }
            recentStacks.insert((stack.frames, json!), at: 0)
        }
        line.addRaw("stack", bytes: json!)
        Self.addFlags(to: &line, stack)
    }

    /// `stack`: the frames innermost first, each with every key (null when unknown), so a
    /// reader need not test for keys; the bare addresses when the stack was not resolved.
    /// `stack_truncated` only when the capture stopped at its depth limit.
    static func add(to line: inout JSONLine, _ stack: UserStack) {
        if stack.frames.count == stack.addresses.count {
            line.add("stack", objectsOf: stack.frames, Self.add)
        } else {
            line.add("stack", objectsOf: stack.addresses) { $0.add("address", $1) }
        }
        addFlags(to: &line, stack)
    }

    /// `stack_truncated` when the capture stopped at its depth limit; `stack_caller_unknown`
    /// when frame 0's caller may be missing (no CFI to unwind it, and the frame-pointer walk
    /// skips a caller that made no frame). Absent otherwise.
    private static func addFlags(to line: inout JSONLine, _ stack: UserStack) {
        if stack.truncated { line.add("stack_truncated", true) }
        if stack.callerMayBeSkipped { line.add("stack_caller_unknown", true) }
    }

    /// One `stack` entry.
    static func add(to line: inout JSONLine, _ frame: StackFrame) {
        line.add("address", frame.address)
        line.add("module", frame.module)
        line.add("offset", frame.module == nil ? nil : frame.moduleOffset)
        line.add("symbol", frame.symbol)
        line.add("symbol_offset", frame.symbol == nil ? nil : frame.symbolOffset)
        line.add("build_id", frame.buildID)
    }

    /// One `gap_searches` entry.
    static func add(to line: inout JSONLine, _ search: GapSearch) {
        line.add("direction", literal: search.direction == .topDown ? "top-down" : "bottom-up")
        line.add("low", search.window.lowerBound)
        line.add("high", search.window.upperBound)
        line.add("length", search.length)
        line.add("align_mask", search.alignMask)
        line.add("align_offset", search.alignOffset)
        line.add("result", search.result)
        line.add("failed", search.failed)
        if search.failed {
            line.add("free_in_window", search.freeInWindow)
            line.add("largest_gap", search.largestGapInWindow)
            line.add("fragmentation", search.isFragmentation)
        }
    }

    /// The `collision` object.
    static func add(to line: inout JSONLine, _ collision: Collision) {
        line.add("kind", collision.label)
        line.add("start", collision.range.lowerBound)
        line.add("end", collision.range.upperBound)
        switch collision.kind {
        case let .brkRefused(requested, blockedBy):
            line.add("requested", requested)
            line.add("blocked_by") { RegionJSON.add(to: &$0, blockedBy) }
        case let .mmapBelowExecutable(imageStart):
            line.add("image_start", imageStart)
        case let .mmapBelowHeap(heapStart):
            line.add("heap_start", heapStart)
        }
        line.add("reason", collision.reason)
    }
}
