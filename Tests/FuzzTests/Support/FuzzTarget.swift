/// One parser under the fuzzer: where its inputs come from and what running one means. `check`
/// runs one input; it may record an issue when a property fails, and must not crash or hang.
struct FuzzTarget: Sendable {
    var name: String
    /// Real files of this machine, shapes the parser is meant to read, and past failures.
    var seeds: [[UInt8]]
    /// Builds a new well-formed-ish input from scratch (a generator knows the grammar a
    /// mutator would take long to find); nil when mutation of the seeds is enough.
    var generate: (@Sendable (inout FuzzRandom) -> [UInt8])?
    var maxLength = 64 * 1024
    var check: @Sendable ([UInt8]) -> Void
}
