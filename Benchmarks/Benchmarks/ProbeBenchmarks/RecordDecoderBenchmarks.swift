import Benchmark
@_spi(Benchmarks) import VMScopeProbe
import VMScopeCore

/// Decoding eBPF ring-buffer records into `MemoryEvent`s, without a kernel: `trace`'s drain
/// every 50 ms decodes everything that arrived, so at 100 000 events a second one drain is 5 000
/// records (the live view's, every 100 ms, twice that). `RecordDecoder` is internal to VMScopeProbe; its SPI wrapper `RecordDecoding` is
/// what is called here.
let recordDecoderBenchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]

    // A drain's worth of the mix a busy process sends: sampled faults, anonymous mmaps and
    // munmaps, brk, mprotect, and file mmaps that carry their path's components.
    Benchmark("RecordDecoder.decode 5000 mixed records", configuration: .init(metrics: metrics)) { benchmark, records in
        for _ in benchmark.scaledIterations {
            for record in records {
                record.withUnsafeBytes { blackHole(RecordDecoding.event(from: $0)) }
            }
        }
    } setup: { () -> [[UInt8]] in
        let records = (0..<5_000).map(RecordBytes.mixed)
        // The byte layout below is written by hand from bpf/vmscope.h; check it decodes to the
        // events it was meant to be before timing anything.
        for (index, record) in records.enumerated() {
            let kind = record.withUnsafeBytes { RecordDecoding.event(from: $0)?.kind }
            precondition(kind == RecordBytes.expectedKind(index), "record \(index) decoded as \(String(describing: kind))")
        }
        return records
    }

    // Named records alone: the path is rebuilt from its packed dentry components, one String each.
    Benchmark("RecordDecoder.decode 5000 file mmap records with paths", configuration: .init(metrics: metrics)) { benchmark, records in
        for _ in benchmark.scaledIterations {
            for record in records {
                record.withUnsafeBytes { blackHole(RecordDecoding.event(from: $0)) }
            }
        }
    } setup: {
        (0..<5_000).map { RecordBytes.fileMmap(index: $0) }
    }
}
