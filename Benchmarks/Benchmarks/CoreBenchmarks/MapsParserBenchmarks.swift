import Benchmark
import BenchmarkInputs
import VMScopeCore

/// Parsing /proc/PID/maps text, without the read. The sampler re-parses maps every poll
/// interval for every watched process, so this cost is paid continuously; 65 000 lines is the
/// most a process may have by default (vm.max_map_count), about 400 a typical service.
func mapsParserBenchmarks() {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResidentDelta]

    Benchmark("MapsParser.parse 65000 lines", configuration: .init(metrics: metrics)) { benchmark, text in
        for _ in benchmark.scaledIterations {
            blackHole(try! MapsParser.parse(bytes: text))
        }
    } setup: { () -> [UInt8] in
        let text = MapsText.large()
        let count = try MapsParser.parse(bytes: text).count
        precondition(count == 65_000)
        return text
    }

    Benchmark("MapsParser.parse 400 lines", configuration: .init(metrics: metrics)) { benchmark, text in
        for _ in benchmark.scaledIterations {
            blackHole(try! MapsParser.parse(bytes: text))
        }
    } setup: { () -> [UInt8] in
        let text = MapsText.typical()
        let count = try MapsParser.parse(bytes: text).count
        precondition((380...420).contains(count), "typical maps has \(count) lines")
        return text
    }

    // Classification runs on every snapshot and on the live layout after events change it.
    Benchmark("RegionClassifier.classify 65000 regions", configuration: .init(metrics: metrics)) { benchmark, regions in
        for _ in benchmark.scaledIterations {
            blackHole(RegionClassifier.classify(regions, executablePath: MapsText.typicalExecutable))
        }
    } setup: {
        try MapsParser.parse(bytes: MapsText.huge())
    }
}
