import Testing
@testable import VMScopeCore

/// /proc/PID/maps of any process the user may watch: the pathname is chosen by whoever named
/// the file (or the memfd, or the anon VMA), so every byte of it is outside input.
@Suite struct MapsParserFuzzTests {
    static let target = FuzzTarget(
        name: "maps",
        seeds: FuzzCorpus.lineRuns(FuzzCorpus.seeds("maps") + FuzzCorpus.live("maps")) + FuzzCorpus.regressions("maps"),
        generate: { random in MapsLineGenerator.lines(using: &random).text },
        maxLength: 16 * 1024,
        check: { input in
            do {
                _ = try MapsParser.parse(bytes: input)
            } catch let error as MapsParseError {
                // The message is shown on one line of the terminal and quotes the input.
                #expect(!ControlText.hasRawInLine("\(error)"), "raw control text in \(error)")
            } catch {
                Issue.record("unexpected error type \(error)")
            }
        })

    @Test func survivesMutatedAndGeneratedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 2_000))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
        #expect(report.residentGrowthBytes < 256 << 20)
    }

    /// The generator's own lines are well formed: each parses back to what was written.
    @Test func generatedLinesParseBackExactly() throws {
        var random = FuzzRandom(seed: 7)
        for _ in 0..<2_000 {
            let (text, expected) = MapsLineGenerator.lines(using: &random, wellFormed: true)
            let regions = try MapsParser.parse(bytes: text)
            #expect(regions.map(\.start) == expected.map(\.start))
            #expect(regions.map(\.end) == expected.map(\.end))
            #expect(regions.map(\.pathname) == expected.map(\.pathname))
        }
    }

    @Test func regressionInputsStillPass() {
        for input in FuzzCorpus.regressions("maps") { Self.target.check(input) }
    }
}
