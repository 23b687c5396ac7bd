import ArgumentParser
import Glibc
import VMScopeCore
import VMScopeProbe

/// `vmscope trace`: the headless event stream.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Stream a process's memory events until it exits or Ctrl-C.",
        discussion: """
            Events: brk, mmap, munmap, mremap, mprotect (failures marked), page-fault bursts, \
            fork/thread, exec, exit. A /proc snapshot every --interval reconciles the live model; \
            with --json, each snapshot is a record too. See the README for the JSON schema.
            """)

    @OptionGroup var target: TargetOptions

    @Flag(help: "Write JSON Lines (one object per event and per snapshot) instead of a table.")
    var json = false

    @Flag(name: .customLong("fault-samples"), help: "With --json, also write each sampled page fault.")
    var faultSamples = false

    @OptionGroup var source: SourceOptions

    func validate() throws {
        if target.target == nil { throw ValidationError("say what to trace: -p PID or -- CMD [ARGS...]") }
    }

    func run() throws {
        let output = LineOutput()
        let writer: TraceWriter = json
            ? JSONTraceWriter(output: output, includeFaultSamples: faultSamples)
            : HumanTraceWriter(output: output)
        do {
            let (eventSource, note) = source.open()
            let session = TraceSession(source: eventSource, writer: writer, target: target.target!,
                                       interval: source.intervalNanoseconds, note: note)
            let status = try session.run()
            // Mirror the traced command's fate, like `time` or `strace` do.
            if case .command = target.target!, let status {
                let exit = ExitStatus(status)
                throw ExitCode(exit.code ?? (128 + (exit.signal ?? 0)))
            }
        } catch where error is CommandError || error is ProcReadError {
            // Both describe themselves in one line that names the thing and what to do.
            output.flush()
            StandardError.print("\(error)")
            throw ExitCode(1)
        }
    }
}
