import Benchmark
import Glibc
import VMScopeCore

/// `trace --json` writes every event of a storm as a JSON line; the target (issue 10) is a
/// million events a second, so the writer is never what slows a trace down.
func jsonTraceWriterBenchmarks() {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]

    Benchmark("JSONTraceWriter 100000 storm events to /dev/null",
              configuration: .init(metrics: metrics, scalingFactor: .one)) { benchmark, input in
        for _ in benchmark.scaledIterations {
            input.writer.write([.events(input.process, input.events)], lostTotal: 0)
        }
    } setup: { () -> (writer: JSONTraceWriter, process: MonitoredProcess, events: [MemoryEvent]) in
        let fd = open("/dev/null", O_WRONLY)
        let writer = JSONTraceWriter(output: LineOutput(descriptor: fd), includeFaultSamples: false)
        writer.begin(TraceStart(command: ["storm"], pids: [4242], source: "eBPF", note: nil, followChildren: false,
                                time: 1_000_000_000))
        let monitor = ProcessMonitor(source: NoEvents(), interval: .max)
        let process = try! monitor.watchLaunched(pid: 4242, reap: { nil })
        let place: UInt64 = 0x7f00_1000_0000
        var events: [MemoryEvent] = []
        events.reserveCapacity(100_000)
        for index in 0..<50_000 {
            let time = 1_000_000_000 + UInt64(index) * 5_000
            events.append(MemoryEvent(timestamp: time, tgid: 4242, tid: 4242,
                                      kind: .mmap(address: place, length: 0x1_0000, protection: [.read, .write],
                                                  flags: [.private, .anonymous], fd: -1, offset: 0, file: nil)))
            events.append(MemoryEvent(timestamp: time + 2_000, tgid: 4242, tid: 4242,
                                      kind: .munmap(address: place, length: 0x1_0000)))
        }
        return (writer, process, events)
    }
}

/// A source that never has anything: the benchmark hands the writer its events directly.
final class NoEvents: EventSource {
    let name = "none"
    let capabilities: EventSourceCapabilities = []
    var pollDescriptor: Int32? { nil }
    var lostRecords: UInt64 { 0 }
    var followChildren = false
    func watch(pid: Int32, awaitingExec: Bool) throws {}
    func unwatch(pid: Int32) {}
    func drain() throws -> [MemoryEvent] { [] }
}
