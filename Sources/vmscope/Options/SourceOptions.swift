import ArgumentParser
import VMScopeCore
import VMScopeProbe

/// How events are gathered: eBPF unless told or unable, and how often /proc is read.
struct SourceOptions: ParsableArguments {
    @Flag(name: .customLong("no-bpf"), help: "Do not use eBPF; synthesise events from /proc snapshots.")
    var noBPF = false

    @Option(help: "Milliseconds between /proc snapshots (10–60000).")
    var interval: Int = 500

    @Option(name: .customLong("ring-buffer"),
            help: ArgumentHelp("MiB of kernel memory for records waiting to be read: a power of two, 1–1024 (default 32). "
                               + "More rides out longer storms without dropping records.", valueName: "MiB"))
    var ringBufferMiB: Int = Int(BPFEventSource.defaultRingBufferBytes >> 20)

    @Flag(name: .customLong("no-stacks"),
          help: "Do not capture the user call stack of brk, mmap, munmap and mremap (eBPF only): cheaper calls, smaller records.")
    var noStacks = false

    func validate() throws {
        guard (10...60_000).contains(interval) else {
            throw ValidationError("--interval must be between 10 and 60000 milliseconds, not \(interval)")
        }
        guard (1...1024).contains(ringBufferMiB), ringBufferMiB & (ringBufferMiB - 1) == 0 else {
            throw ValidationError("--ring-buffer must be a power of two between 1 and 1024 MiB, not \(ringBufferMiB)")
        }
    }

    var intervalNanoseconds: UInt64 { UInt64(interval) * 1_000_000 }

    /// The eBPF source when it loads, else /proc polling, with a note saying why.
    func open() -> (EventSource, String?) {
        let opened = Self.open(noBPF: noBPF, ringBufferMiB: ringBufferMiB, stacks: !noStacks)
        if let warning = opened.warning { StandardError.print(warning) }
        return (opened.source, opened.note)
    }

    /// `open()` that leaves the fallback's one-line warning to the caller (the live view prints
    /// it once its screen is gone); callable from any thread.
    static func open(noBPF: Bool, ringBufferMiB: Int, stacks: Bool) -> (source: EventSource, note: String?, warning: String?) {
        if noBPF { return (PollingEventSource(), "--no-bpf", nil) }
        do {
            return (try BPFEventSource.open(ringBufferBytes: UInt32(ringBufferMiB) << 20, userStacks: stacks), nil, nil)
        } catch {
            return (PollingEventSource(), error.headerNote, "\(error.description); falling back to /proc polling")
        }
    }
}
