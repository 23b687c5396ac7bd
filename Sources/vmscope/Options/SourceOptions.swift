import ArgumentParser
import VMScopeCore
import VMScopeProbe

/// How events are gathered: eBPF unless told or unable, and how often /proc is read.
struct SourceOptions: ParsableArguments {
    @Flag(name: .customLong("no-bpf"), help: "Do not use eBPF; synthesise events from /proc snapshots.")
    var noBPF = false

    @Option(help: "Milliseconds between /proc snapshots (10–60000).")
    var interval: Int = 500

    func validate() throws {
        guard (10...60_000).contains(interval) else {
            throw ValidationError("--interval must be between 10 and 60000 milliseconds, not \(interval)")
        }
    }

    var intervalNanoseconds: UInt64 { UInt64(interval) * 1_000_000 }

    /// The eBPF source when it loads, else /proc polling, with a note saying why.
    func open() -> (EventSource, String?) {
        if noBPF { return (PollingEventSource(interval: intervalNanoseconds), "--no-bpf") }
        do {
            return (try BPFEventSource.open(), nil)
        } catch {
            StandardError.print("\(error.description); falling back to /proc polling")
            return (PollingEventSource(interval: intervalNanoseconds), error.headerNote)
        }
    }
}
