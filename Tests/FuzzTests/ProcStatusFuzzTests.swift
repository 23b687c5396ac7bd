import Testing
@testable import VMScopeCore

/// /proc/PID/status: `Name:` is the process's choice (the kernel escapes only `\n` and `\\`),
/// and the numbers are read with the same splitter as smaps_rollup.
@Suite struct ProcStatusFuzzTests {
    static let target = FuzzTarget(
        name: "status",
        seeds: FuzzCorpus.seeds("status") + FuzzCorpus.live("status") + FuzzCorpus.regressions("status"),
        generate: nil,
        maxLength: 8192,
        check: { input in
            for (_, value) in ProcessFactsReader.keyedValues(input) { _ = ProcessFactsReader.kilobytes(value) }
            _ = ProcessTableReader.effectiveUid(status: input)
            _ = ProcessFactsReader.splitCommandLine(input)
        })

    @Test func survivesMutatedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 200))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
        #expect(report.residentGrowthBytes < 256 << 20)
    }

    @Test func regressionInputsStillPass() {
        for input in FuzzCorpus.regressions("status") { Self.target.check(input) }
    }
}
