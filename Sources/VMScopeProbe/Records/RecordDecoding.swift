import VMScopeCore

/// `RecordDecoder` for the benchmark package (Benchmarks/ProbeBenchmarks), which times decoding
/// without a kernel. SPI, not public API: a client has to ask for it with
/// `@_spi(Benchmarks) import VMScopeProbe`. A wrapper rather than an SPI `RecordDecoder`, because
/// SPI declarations are hidden from the tests' plain `@testable import`.
@_spi(Benchmarks) public enum RecordDecoding {
    /// One ring-buffer record (bpf/vmscope.h layout) as a `MemoryEvent`; nil for a record too
    /// short for its kind or of a kind this build does not know.
    public static func event(from record: UnsafeRawBufferPointer) -> MemoryEvent? {
        RecordDecoder.decode(record)?.event
    }
}
