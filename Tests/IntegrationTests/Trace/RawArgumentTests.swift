import Foundation
import Testing

/// `trace -- CMD` with arguments that are not UTF-8: the command gets the very bytes typed,
/// and where vmscope shows them the bad bytes are escaped. (A shell makes the bytes: Foundation
/// can only pass Strings, which is the very problem.)
@Suite("trace -- CMD with arguments that are not UTF-8")
struct RawArgumentTests {
    static func shell(_ script: String) throws -> CommandRun {
        try CommandRun.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script, BuiltProducts.vmscope.path])
    }

    @Test("an argument holding \\xff reaches the command byte for byte")
    func argumentBytes() throws {
        let run = try Self.shell(#"""
            out=$(mktemp)
            "$0" trace -o "$out" -- /bin/sh -c 'printf %s "$1" | od -An -tx1' child "$(printf 'a\377b')"
            status=$?
            echo "status $status"
            head -1 "$out"
            rm -f "$out"
            """#)
        let lines = run.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first == "61 ff 62", "the child saw: \(run.standardOutput) \(run.standardError)")
        #expect(lines.contains("status 0"), "\(run.standardOutput) \(run.standardError)")
        // The start line shows the argument with its bad byte escaped, not as U+FFFD.
        let start = lines.first { $0.hasPrefix("# vmscope trace of pid") } ?? ""
        #expect(start.contains(#"a\xffb"#), "\(start)")
        #expect(!start.contains("\u{FFFD}"), "\(start)")
    }

    @Test("a program whose path is not UTF-8 can be started")
    func programPath() throws {
        let run = try Self.shell(#"""
            dir=$(mktemp -d)
            program="$dir/$(printf 'run\377me')"
            printf '#!/bin/sh\necho started\n' > "$program"
            chmod +x "$program"
            "$0" trace -o "$dir/trace" -- "$program"
            echo "status $?"
            rm -rf "$dir"
            """#)
        #expect(run.standardOutput == "started\nstatus 0\n", "\(run.standardOutput) \(run.standardError)")
        #expect(!run.standardError.contains("\u{FFFD}"), "\(run.standardError)")
    }

    @Test("a program with such a path that does not exist is named escaped")
    func missingProgram() throws {
        let run = try Self.shell(#""$0" trace -- "$(printf '/nonexistent/x\377y')""#)
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardError.contains(#"/nonexistent/x\xffy"#), "\(run.standardError)")
    }
}
