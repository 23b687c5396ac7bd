import Glibc

/// One-line messages to stderr, prefixed with the program name.
enum StandardError {
    static func print(_ message: String) {
        let line = Array(("vmscope: " + message + "\n").utf8)
        // write(2) straight to fd 2: stdio's `stderr` global is not concurrency-safe in Swift 6.
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
