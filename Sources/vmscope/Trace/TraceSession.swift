import Glibc
import VMScopeCore
import VMScopeProbe

/// One `vmscope trace`: events from the source go through the Timeline to the writer, with a
/// /proc snapshot every interval to reconcile, until the process exits or the user stops it.
final class TraceSession {
    private let source: EventSource
    private let writer: TraceWriter
    private let target: TraceTarget
    private let intervalNanoseconds: UInt64
    private let note: String?
    private let reader = SnapshotReader()

    /// How often the ring buffer is drained even when poll(2) did not wake us: the probe submits
    /// without wakeups to stay cheap, so a timer is what delivers most events.
    private let drainPeriodMilliseconds: Int32 = 50

    init(source: EventSource, writer: TraceWriter, target: TraceTarget, interval: UInt64, note: String?) {
        self.source = source
        self.writer = writer
        self.target = target
        self.intervalNanoseconds = interval
        self.note = note
    }

    /// Runs to the end and returns the process's wait status when it exited while watched.
    func run() throws -> Int32? {
        let signals = try SignalWatcher()
        let startTime = MonotonicClock.now()
        let pid: Int32
        let child: PausedChild?
        var command: [String] = []
        var startTicks: UInt64?

        switch target {
        case .command(let argv):
            do { child = try PausedChild(command: argv) } catch { throw CommandError(error.description) }
            pid = child!.pid
            command = argv
            // Watched before it execs, so nothing from its first instruction on is missed; until
            // the exec it is a copy of vmscope, whose faults and calls are not the command's.
            try source.watch(pid: pid, awaitingExec: true)
            do { try child!.release() } catch { throw CommandError(error.description) }
            writer.begin(pid: pid, command: command, source: source.name, note: note, startTime: startTime)
        case .pid(let p):
            pid = p
            child = nil
            let facts = try ProcessFactsReader().read(pid: p)
            command = facts.commandLine.isEmpty ? [facts.command] : facts.commandLine
            startTicks = facts.startTimeTicks
            try source.watch(pid: pid)
            writer.begin(pid: pid, command: command, source: source.name, note: note, startTime: startTime)
        }
        defer { source.unwatch(pid: pid) }

        // The classifier needs the executable's path, which changes at exec; it is re-read with
        // each snapshot.
        let executable = ExecutableBox()
        let timeline = Timeline(pid: pid, classify: { RegionClassifier.classify($0, executablePath: executable.path) })
        var lastRegions: [Region] = []
        var nextSnapshot: UInt64 = 0
        // With a fresh command, wait for its exec before the first snapshot: until then
        // /proc shows a copy of vmscope. eBPF reports the exec; polling sees the exe link change.
        var awaitingExec = child != nil
        var tookFirstSnapshot = false
        let ownExecutable = try? ProcFileReader.readLink("/proc/self/exe").get()
        func hasExeced() -> Bool {
            guard let now = try? ProcFileReader.readLink("/proc/\(pid)/exe").get() else { return false }
            return now != ownExecutable
        }
        var exitStatus: Int32?
        var gone = false
        var interrupted = false

        func takeSnapshot() {
            guard let snapshot = try? reader.read(pid: pid), !snapshot.regions.isEmpty else { return }
            // The snapshot's own stat and exe link: the full facts would walk smaps_rollup.
            if let startTicks, let now = snapshot.identity?.startTimeTicks, now != startTicks {
                gone = true  // the pid now belongs to another process
                return
            }
            executable.path = snapshot.identity?.executablePath
            // Everything delivered up to now belongs before this snapshot's comparison.
            process(try? source.drain())
            // Polling: the change since the source's last read is in this very snapshot.
            if let polling = source as? PollingEventSource {
                process(polling.events(upTo: snapshot, of: pid, rebase: !tookFirstSnapshot))
            }
            tookFirstSnapshot = true
            guard let report = timeline.ingest(snapshot: snapshot) else { return }
            let changed = snapshot.regions != lastRegions
            lastRegions = snapshot.regions
            writer.snapshot(snapshot, report: report, regionsChanged: changed, lostTotal: source.lostRecords)
        }

        func process(_ events: [MemoryEvent]?) {
            guard let events, !events.isEmpty else { return }
            // `.lost` reports carry tgid 0: they concern every watched process.
            let mine = events.filter { $0.tgid == pid || $0.tgid == 0 }
            for event in mine {
                timeline.apply(event)
                switch event.kind {
                case .exec: awaitingExec = false; nextSnapshot = 0
                case .exit(let status): exitStatus = exitStatus ?? status
                default: break
                }
            }
            writer.events(mine, timeline: timeline)
        }

        if !awaitingExec { takeSnapshot() }
        nextSnapshot = MonotonicClock.now() + intervalNanoseconds

        while exitStatus == nil && !gone && !interrupted {
            let now = MonotonicClock.now()
            let untilSnapshot = nextSnapshot > now ? Int32(min((nextSnapshot - now) / 1_000_000, 1000)) : 0
            var descriptors = [signals.descriptor]
            if let fd = source.pollDescriptor { descriptors.append(fd) }
            let ready = Poller.wait(for: descriptors, timeoutMilliseconds: min(drainPeriodMilliseconds, untilSnapshot))
            if ready.contains(signals.descriptor), !signals.take().isEmpty { interrupted = true }

            if awaitingExec, source is PollingEventSource, hasExeced() { awaitingExec = false; nextSnapshot = 0 }
            // Polling before the exec would take vmscope's own image as the baseline.
            if !(awaitingExec && source is PollingEventSource) {
                do { process(try source.drain()) } catch { throw CommandError("\(source.name) source failed: \(error)") }
            }

            if let child, let status = child.wait() { exitStatus = status }
            if exitStatus == nil, kill(pid, 0) != 0, errno == ESRCH { gone = true }
            if exitStatus != nil || gone || interrupted { break }

            // If the exec record was lost, stop waiting for it after a second.
            if awaitingExec, MonotonicClock.now() > startTime + 1_000_000_000 { awaitingExec = false }
            if (!awaitingExec && MonotonicClock.now() >= nextSnapshot) || timeline.needsFreshSnapshot {
                takeSnapshot()
                nextSnapshot = MonotonicClock.now() + intervalNanoseconds
            }
            if writer.outputBroken { interrupted = true }
        }

        // Events the kernel queued before the end still belong to the trace.
        process(try? source.drain())
        if let child {
            if let status = child.wait(blocking: exitStatus != nil) { exitStatus = status }
        }
        writer.finish(exitStatus: exitStatus, interrupted: interrupted, timeline: timeline,
                      lostTotal: source.lostRecords)
        return exitStatus
    }
}
