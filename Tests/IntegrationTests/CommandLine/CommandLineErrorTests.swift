import Foundation
import Testing

/// Mistakes on the command line: one message that names the problem, and never the user's own
/// control characters sent raw back to their terminal.
@Suite("command-line errors")
struct CommandLineErrorTests {
    @Test("an unknown option holding ESC and BEL is echoed escaped", arguments: [
        ["trace", "-p", "1", "--col\u{1B}[31mor\u{07}"],
        ["trace", "-p", "-\u{1B}]0;owned\u{07}"],
        ["layout", "-p", "12", "--scale", "\u{1B}[2J"],
    ])
    func controlCharactersAreEscaped(arguments: [String]) throws {
        let run = try CommandRun.run(BuiltProducts.vmscope, arguments)
        #expect(run.status == 64, "\(run.standardError)")
        #expect(!run.standardError.isEmpty)
        #expect(!run.standardError.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 },
                "raw control characters in: \(run.standardError.debugDescription)")
        #expect(run.standardError.contains("\\e"), "\(run.standardError.debugDescription)")
    }

    @Test("-p with a negative number says the pid is invalid", arguments: [
        ["trace", "-p", "-5"], ["watch", "-p", "-5"], ["layout", "-p", "-5"],
    ])
    func negativePid(arguments: [String]) throws {
        let run = try CommandRun.run(BuiltProducts.vmscope, arguments)
        #expect(run.status == 64, "\(run.standardError)")
        #expect(!run.standardError.contains("Missing value"), "\(run.standardError)")
        #expect(run.standardError.contains("-5"), "\(run.standardError)")
        #expect(run.standardError.contains("positive"), "\(run.standardError)")
    }
}
