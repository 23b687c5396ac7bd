import ArgumentParser
import Glibc
import VMScopeCore

/// argument-parser's own error messages quote the user's arguments verbatim, and an argument
/// can hold ESC or BEL (pasted, or from a script): printed raw it would drive the terminal.
/// Each line is escaped like any untrusted text; the line breaks of the usage text stay.
enum ParseErrorOutput {
    static func escaped(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { SafeText.escape(String($0)) }
            .joined(separator: "\n")
    }

    /// Prints `message` (argument-parser's full message for an error) to stderr, escaped.
    static func print(_ message: String) {
        let line = Array((escaped(message) + "\n").utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
