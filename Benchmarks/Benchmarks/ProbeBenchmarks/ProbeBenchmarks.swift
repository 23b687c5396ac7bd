import Benchmark

/// VMScopeProbe without a kernel: what happens to every ring-buffer record.
let benchmarks: @Sendable () -> Void = {
    recordDecoderBenchmarks()
    decodeApplyBenchmarks()
}
