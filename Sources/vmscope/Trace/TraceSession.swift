import Glibc
import VMScopeCore
import VMScopeProbe

/// One `vmscope trace`: the run loop around the monitoring engine. It starts or attaches to its
/// processes, then waits (poll on the source and the signals, until the engine's next deadline)
/// and hands each tick's updates to the writer, until every traced process has ended, the user
/// stops it, or the reader of its output goes away.
final class TraceSession {
    private let monitor: ProcessMonitor
    private let writer: TraceWriter
    private let target: TraceTarget
    private let note: String?
    /// `--record`: every tick goes to the recording too, with the processes' detail reads.
    private let recorder: RecordingWriter?
    private let detailSampler = RecordedDetailSampler()

    init(source: EventSource, writer: TraceWriter, target: TraceTarget, follow: Bool, interval: UInt64,
         note: String?, symbolizer: StackSymbolizing? = nil, recorder: RecordingWriter? = nil) {
        monitor = ProcessMonitor(source: source, interval: interval, followChildren: follow, symbolizer: symbolizer)
        self.writer = writer
        self.target = target
        self.note = note
        self.recorder = recorder
    }

    /// The signal that stopped the trace, if one did.
    private(set) var stoppedBy: SignalWatcher.Received?

    /// Waits a moment for a signalled command to end (it may clean up first), then kills it:
    /// it is never left running, orphaned, after the trace has gone.
    private static func reap(_ child: PausedChild) -> Int32? {
        for _ in 0..<200 { if let status = child.wait() { return status }; usleep(10_000) }
        child.kill(SIGKILL)
        return child.wait(blocking: true)
    }

    /// Runs to the end and returns the started command's wait status when it exited.
    func run() throws -> Int32? {
        let signals = try SignalWatcher()
        let startTime = MonotonicClock.now()
        var command: [String] = []
        var child: PausedChild?
        var launched: MonitoredProcess?
        var watched: [MonitoredProcess] = []

        switch target {
        case .command(let argv):
            command = argv.display
            do {
                let started = try PausedChild(arguments: argv.raw)
                child = started
                // Watched before it execs, so nothing from its first instruction on is missed.
                launched = try monitor.watchLaunched(pid: started.pid, reap: { started.wait() })
                try started.release()
            } catch let error as PausedChildError {
                throw CommandError(error.description)
            }
            monitor.launchReleased(launched!)
        case .processes(let selectors):
            let explicit = Set(selectors.compactMap { if case .pid(let pid) = $0 { pid } else { nil } })
            for pid in try ProcessResolver.pids(for: selectors) {
                do {
                    watched.append(try monitor.watch(pid: pid))
                } catch ProcReadError.noSuchProcess where !explicit.contains(pid) {
                    // Matched by name a moment ago and gone since: nothing to trace, no error.
                }
            }
            guard !watched.isEmpty else {
                throw CommandError("-p: every process that matched has exited; check with `ps -e`")
            }
            try refuseUnreadable(watched)
        }
        // Those that ended on being watched (no address space) are named too: their end follows.
        let pids = monitor.processes.map(\.pid) + watched.filter { !$0.isLive }.map(\.pid)
        let start = TraceStart(command: command, pids: pids, source: monitor.source.name,
                               note: note, followChildren: monitor.followChildren, time: startTime)
        writer.begin(start)
        recorder?.append(start)

        var interrupted = false
        var exitStatus: Int32?
        func hand(_ updates: [MonitorUpdate]) {
            writer.write(updates, lostTotal: monitor.lostRecords)
            if let recorder {
                recorder.append(updates, lostTotal: monitor.lostRecords, time: MonotonicClock.now())
                detailSampler.sample(monitor.processes, into: recorder)
            }
            for case .ended(let process) in updates where process === launched {
                if case .exited(let status) = process.ending { exitStatus = status }
            }
        }
        repeat {
            do { hand(try monitor.tick()) } catch { throw CommandError("\(monitor.source.name) source failed: \(error)") }
            if monitor.processes.isEmpty || writer.outputBroken { break }
            let now = MonotonicClock.now()
            let deadline = min(monitor.nextDeadline(), recorder == nil ? .max : detailSampler.nextDue ?? .max)
            let timeout = deadline > now ? Int32(min((deadline - now + 999_999) / 1_000_000, 1000)) : 0
            var descriptors = [signals.descriptor]
            if let fd = monitor.pollDescriptor { descriptors.append(fd) }
            let ready = Poller.wait(for: descriptors, timeoutMilliseconds: timeout)
            // SIGCONT only says the trace was continued: nothing to do.
            if ready.contains(signals.descriptor), let signal = signals.take().first(where: { $0.number != SIGCONT }) {
                interrupted = true
                stoppedBy = signal
                // A started command never outlives the trace unnoticed: it gets the signal
                // too, as under strace or time (from the terminal it already has its own copy).
                if let child, !signal.fromTerminal { child.kill(signal.number) }
            }
        } while !interrupted

        // Records the kernel queued before the end still belong to the trace.
        hand((try? monitor.finish()) ?? [])
        writer.finish()
        if let child {
            if exitStatus == nil {
                exitStatus = interrupted ? Self.reap(child) : child.wait(blocking: true)
            } else {
                // Its exit record came first: it is exiting or has; collect it, so no zombie is
                // left for an init that may never reap it.
                child.wait(blocking: true)
            }
        }
        untraceable = watched.compactMap { process in
            if case .noAddressSpace(let why) = process.ending { "pid \(process.pid) is \(why); nothing to trace" } else { nil }
        }
        if untraceable.count < watched.count { untraceable = [] }
        return exitStatus
    }

    /// Why nothing could be traced, one line per process, when every one had no address space
    /// (kernel threads, zombies): the command then fails instead of reporting an empty trace.
    private(set) var untraceable: [String] = []

    /// A process whose maps may not be read gives a source without the kernel's records
    /// (polling) nothing at all: tracing it would print a start line and then `0 events`. Each
    /// such pid is named with what to do; when none is left to trace, that is an error.
    private func refuseUnreadable(_ watched: [MonitoredProcess]) throws {
        guard !monitor.source.capabilities.contains(.eachCall) else { return }
        let unreadable = watched.filter { $0.readProblem != nil }
        guard !unreadable.isEmpty else { return }
        let lines = unreadable.map { "pid \($0.pid): \($0.readProblem!)" }
        guard unreadable.count < watched.count else {
            for line in lines.dropLast() { StandardError.print(line) }
            throw CommandError(lines.last!)
        }
        for (process, line) in zip(unreadable, lines) {
            StandardError.print(line + " (not traced)")
            monitor.unwatch(process)
        }
    }
}
