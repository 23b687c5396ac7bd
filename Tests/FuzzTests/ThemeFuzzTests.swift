import Testing
@testable import VMScopeTUI

/// Theme files are the user's, but may come from anywhere (a downloaded theme): the TOML subset
/// reader and the theme parser must reject anything with a one-line message and never crash.
@Suite struct ThemeFuzzTests {
    static let target = FuzzTarget(
        name: "theme",
        seeds: FuzzCorpus.shippedThemes() + FuzzCorpus.regressions("theme"),
        generate: nil,
        maxLength: 16 * 1024,
        check: { input in
            do {
                _ = try ThemeParser.parse(String(decoding: input, as: UTF8.self), file: "fuzz.toml")
            } catch {
                // Shown in the live view's footer: one line, nothing a terminal would act on.
                #expect(!ControlText.hasRawInLine("\(error)"), "raw control text in \(error)")
            }
        })

    @Test func survivesMutatedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 200))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
        #expect(report.residentGrowthBytes < 256 << 20)
    }

    @Test func regressionInputsStillPass() {
        for input in FuzzCorpus.regressions("theme") { Self.target.check(input) }
    }
}
