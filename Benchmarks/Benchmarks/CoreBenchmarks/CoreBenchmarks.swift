import Benchmark

/// VMScopeCore: what the sampler and the event loop pay for every poll and every drain.
let benchmarks: @Sendable () -> Void = {
    mapsParserBenchmarks()
    procReadingBenchmarks()
    timelineBenchmarks()
    addressBarLayoutBenchmarks()
    jsonTraceWriterBenchmarks()
}
