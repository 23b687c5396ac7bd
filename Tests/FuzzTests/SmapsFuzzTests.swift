import Testing
@testable import VMScopeCore

/// /proc/PID/smaps and smaps_rollup: region headers are maps lines (names chosen by the process),
/// then `Key: value kB` lines.
@Suite struct SmapsFuzzTests {
    static let target = FuzzTarget(
        name: "smaps",
        seeds: FuzzCorpus.seeds("smaps") + FuzzCorpus.live("smaps_rollup") + FuzzCorpus.regressions("smaps"),
        generate: { random in
            var text = MapsLineGenerator.lines(using: &random).text
            for key in ["Size", "Rss", "Pss", "Swap", "Anonymous", "Locked"] where random.chance(2) {
                text += Array("\(key):\(String(repeating: " ", count: random.below(12)))\(random.next() >> UInt64(random.below(64))) kB\n".utf8)
            }
            return text
        },
        maxLength: 16 * 1024,
        check: { input in _ = SmapsReader.parse(input) })

    @Test func survivesMutatedAndGeneratedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 1_000))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
        #expect(report.residentGrowthBytes < 256 << 20)
    }

    @Test func regressionInputsStillPass() {
        for input in FuzzCorpus.regressions("smaps") { Self.target.check(input) }
    }
}
