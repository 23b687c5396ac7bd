import Testing
@testable import VMScopeCore

/// /proc/PID/stat: the command between the parentheses is the process's choice (prctl
/// PR_SET_NAME), so it may hold `)`, spaces, newlines and escapes.
@Suite struct ProcStatFuzzTests {
    static let target = FuzzTarget(
        name: "stat",
        seeds: FuzzCorpus.seeds("stat") + FuzzCorpus.live("stat") + FuzzCorpus.regressions("stat"),
        generate: { random in
            let names = ["bash", "a) R 1 2", "(", ")", "\u{1b}]0;t\u{07}", "x\ny", "", "日本", "\u{9b}31m"]
            var fields = (0..<(random.below(60))).map { _ in String(random.next() >> UInt64(random.below(64))) }
            if !fields.isEmpty, random.chance(2) { fields[0] = ["R", "S", "D", "Z", "T", "t", "X", "I", "?"][random.below(9)] }
            return Array("\(random.below(1 << 22)) (\(names[random.below(names.count)])) \(fields.joined(separator: " "))\n".utf8)
        },
        maxLength: 4096,
        check: { input in
            do {
                _ = try ProcStatLine(bytes: input, path: "/proc/1/stat")
            } catch {
                #expect(!ControlText.hasRawInLine("\(error)"), "raw control text in \(error)")
            }
        })

    @Test func survivesMutatedAndGeneratedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 500))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
        #expect(report.residentGrowthBytes < 256 << 20)
    }

    @Test func regressionInputsStillPass() {
        for input in FuzzCorpus.regressions("stat") { Self.target.check(input) }
    }
}
