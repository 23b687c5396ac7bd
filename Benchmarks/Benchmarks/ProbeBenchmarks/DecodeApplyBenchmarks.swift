import Benchmark
@_spi(Benchmarks) import VMScopeProbe
import VMScopeCore

/// What `trace` and the live view do with each record of a storm before anything is written or
/// drawn: decode it and apply it to the process's Timeline. A storm of mmap/munmap pairs sends
/// hundreds of thousands of records a second; the target (issue 10) is 2 million a second on one
/// core, so that vmscope's side is never what falls behind.
let decodeApplyBenchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]

    Benchmark("decode + apply 100000 storm records (mmap/munmap pairs)",
              configuration: .init(metrics: metrics, scalingFactor: .one)) { benchmark, records in
        for _ in benchmark.scaledIterations {
            let timeline = Timeline(pid: Int32(RecordBytes.pid))
            timeline.ingest(snapshot: AddressSpaceSnapshot(timestamp: 1, pid: Int32(RecordBytes.pid), regions: StormRecords.layout))
            for record in records {
                record.withUnsafeBytes { bytes in
                    if let event = RecordDecoding.event(from: bytes) { timeline.apply(event) }
                }
            }
            blackHole(timeline.currentRegions.count)
        }
    } setup: {
        StormRecords.pairs(50_000)
    }
}

/// A storm's records: mmap 64 KiB at one place, munmap it, again and again, as the probe writes
/// them, with a small process layout for them to land in.
enum StormRecords {
    static let place: UInt64 = 0x7f00_1000_0000

    static func pairs(_ count: Int) -> [[UInt8]] {
        var records: [[UInt8]] = []
        records.reserveCapacity(count * 2)
        for index in 0..<count {
            records.append(RecordBytes.anonymousMmap(index: 2 * index, address: place, length: 0x1_0000))
            // vmscope_range_record: addr, len, ret.
            records.append(RecordBytes.record(kind: RecordBytes.munmap, index: 2 * index + 1) {
                $0.u64(place); $0.u64(0x1_0000); $0.u64(0)
            })
        }
        return records
    }

    static let layout: [Region] = [
        Region(start: 0x5555_5555_4000, end: 0x5555_5555_6000, permissions: Permissions("r-xp")!, kind: .text),
        Region(start: 0x5555_5556_0000, end: 0x5555_5558_1000, permissions: Permissions("rw-p")!, pathname: "[heap]", kind: .heap),
        Region(start: 0x7f00_2000_0000, end: 0x7f00_2020_0000, permissions: Permissions("r-xp")!, pathname: "/usr/lib/libc.so.6", kind: .libraryText),
        Region(start: 0x7ffd_0000_0000, end: 0x7ffd_0002_1000, permissions: Permissions("rw-p")!, pathname: "[stack]", kind: .stack),
    ]
}
