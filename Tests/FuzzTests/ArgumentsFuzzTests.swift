import Testing
@testable import vmscope

/// Command-line values: pid lists (`-p 12,nginx`), sizes (`--ring-buffer`), intervals, widths,
/// theme names. Only parsing and validation run here, never a command.
@Suite struct ArgumentsFuzzTests {
    static let words = ["trace", "layout", "watch", "-p", "--pid", "--interval", "--ring-buffer", "--width", "--scale",
                        "--theme", "--json", "-o", "--", "1", "0", "-1", "1,2", ",", "1,,2", " 1", "٣", "½", "1e3",
                        "2147483648", "9223372036854775808", "nginx", "-x", "\u{1b}[31m", "log", "linear", "64", "3",
                        "diff", "--from", "--to", "start", "end", "2.5s", "1500ms", ".5", "1.2.3", "99999999999999999999ms"]

    static let target = FuzzTarget(
        name: "arguments",
        seeds: [],
        generate: { random in
            Array((0..<(random.below(6))).map { _ in words[random.below(words.count)] }.joined(separator: "\0").utf8)
        },
        maxLength: 256,
        check: { input in
            let arguments = input.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            _ = try? VMScopeCommand.parseAsRoot(arguments)
            _ = try? ProcessSelector.parse(arguments)
        })

    @Test func survivesMutatedAndGeneratedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 30))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
        #expect(report.residentGrowthBytes < 256 << 20)
    }
}
