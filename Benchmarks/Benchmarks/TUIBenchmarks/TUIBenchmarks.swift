import Benchmark

/// VMScopeTUI: the work between a key press or a drain and the frame on the screen, measured
/// off-screen (widgets draw into an in-memory `Screen`; no terminal is involved).
let benchmarks: @Sendable () -> Void = {
    pickerBenchmarks()
    liveViewBenchmarks()
    themeBenchmarks()
}
