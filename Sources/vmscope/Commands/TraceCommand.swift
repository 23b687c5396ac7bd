import ArgumentParser
import Glibc
import VMScopeCore
import VMScopeProbe

/// `vmscope trace`: the headless event stream.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Stream processes' memory events until they exit or Ctrl-C.",
        discussion: """
            Events: brk, mmap, munmap, mremap, mprotect, pkey_mprotect, madvise, mlock family, \
            mseal, shmat/shmdt, io_setup/io_destroy (failures marked), page-fault bursts, \
            fork/thread, exec, exit. Snapshots (/proc every --interval, and the kernel's own at \
            exec and exit) reconcile the live model; with --json each is a record too. Every line \
            and record carries its pid. See the README for the JSON schema.
            """)

    @OptionGroup var target: TargetOptions

    @Flag(help: "Write JSON Lines (one object per event and per snapshot) instead of a table.")
    var json = false

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Write the trace to FILE instead of stdout (a started command's own output stays on stdout).",
                               valueName: "file"))
    var output: String?

    @Flag(name: .customLong("fault-samples"), help: "With --json, also write each sampled page fault.")
    var faultSamples = false

    @OptionGroup var source: SourceOptions

    @OptionGroup var recording: RecordingOptions

    func validate() throws {
        if recording.replay != nil {
            if target.target != nil || target.follow {
                throw ValidationError("--replay plays a recording: give no -p, --follow or -- CMD with it")
            }
            return
        }
        if target.target == nil { throw ValidationError("say what to trace: -p PID|NAME,... or -- CMD [ARGS...]") }
    }

    func run() throws {
        do {
            let lines = try output.map { path throws(LineOutputError) in try LineOutput(creating: path) } ?? LineOutput()
            let writer: TraceWriter = json
                ? JSONTraceWriter(output: lines, includeFaultSamples: faultSamples)
                : HumanTraceWriter(output: lines)
            if let replay = recording.replay {
                try TraceReplay.run(path: replay, writer: writer)
                return
            }
            // Created (header written) before anything is started: a bad path fails first.
            let recorder = try recording.record.map { path throws(RecordingError) in try RecordingWriter(path: path) }
            let (eventSource, note) = source.open()
            let session = TraceSession(source: eventSource, writer: writer, target: target.target!,
                                       follow: target.follow, interval: source.intervalNanoseconds, note: note,
                                       symbolizer: eventSource is BPFEventSource && !source.noStacks ? StackSymbolizer() : nil,
                                       recorder: recorder)
            defer { if let failure = recorder?.failure { StandardError.print("\(failure)") } }
            let status = try session.run()
            // Stopped by a signal: the status a shell expects (128 + n), so a script can tell
            // an interrupted trace from a complete one.
            if let signal = session.stoppedBy { throw ExitCode(signal.exitStatus) }
            if !session.untraceable.isEmpty {
                for line in session.untraceable { StandardError.print(line) }
                throw ExitCode(1)
            }
            // Mirror the traced command's fate, like `time` or `strace` do.
            if case .command = target.target!, let status {
                let exit = ExitStatus(status)
                throw ExitCode(exit.code ?? (128 + (exit.signal ?? 0)))
            }
        } catch where error is CommandError || error is ProcReadError || error is LineOutputError || error is RecordingError {
            // Each describes itself in one line that names the thing and what to do.
            StandardError.print("\(error)")
            throw ExitCode(1)
        }
    }
}
