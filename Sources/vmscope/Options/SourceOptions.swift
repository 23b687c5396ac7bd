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
        if noBPF { return (PollingEventSource(), "--no-bpf") }
        do {
            return (try BPFEventSource.open(ringBufferBytes: UInt32(ringBufferMiB) << 20), nil)
        } catch {
            StandardError.print("\(error.description); falling back to /proc polling")
            return (PollingEventSource(), error.headerNote)
        }
    }
}
