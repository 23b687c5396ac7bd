import Testing
@testable import VMScopeCore

/// /proc/PID/limits: a table the kernel writes, read by column position; a process can set odd
/// values (unlimited, huge) with setrlimit, and a later kernel may add rows or widen columns.
@Suite struct ProcLimitsFuzzTests {
    static let target = FuzzTarget(
        name: "limits",
        seeds: FuzzCorpus.seeds("limits") + FuzzCorpus.live("limits") + FuzzCorpus.regressions("limits"),
        generate: nil,
        maxLength: 8192,
        check: { input in _ = SpaceLimitsReader.softLimits(String(decoding: input, as: UTF8.self)) })

    @Test func survivesMutatedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 300))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
        #expect(report.residentGrowthBytes < 256 << 20)
    }

    @Test func regressionInputsStillPass() {
        for input in FuzzCorpus.regressions("limits") { Self.target.check(input) }
    }
}
