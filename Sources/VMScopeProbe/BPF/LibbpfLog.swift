import CLibbpf
import Glibc
import Synchronization

/// Where libbpf's messages go. By default libbpf prints warnings (and whole verifier logs) to
/// stderr, which would tear through the full-screen UI; instead they are kept here so a failed
/// load can name the kernel's reason in one line.
enum LibbpfLog {
    private static let recent = Mutex<[String]>([])
    private static let keep = 64

    /// Installs the capturing printer once per process (libbpf's printer is global).
    static let install: Void = {
        _ = libbpf_set_print { level, format, arguments in
            guard let format, let arguments else { return 0 }
            // Debug chatter is not worth keeping; warnings and info explain failures.
            if level == LIBBPF_DEBUG { return 0 }
            var buffer = [CChar](repeating: 0, count: 1024)
            _ = buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, arguments) }
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            LibbpfLog.record(text)
            return 0
        }
    }()

    static func record(_ text: String) {
        let lines = text.split(separator: "\n").map { String($0) }.filter { !$0.isEmpty }
        recent.withLock { messages in
            messages.append(contentsOf: lines)
            if messages.count > keep { messages.removeFirst(messages.count - keep) }
        }
    }

    /// Forgets earlier messages, so a diagnosis names the current attempt's failure.
    static func reset() {
        recent.withLock { $0.removeAll() }
    }

    /// The most telling recent line: libbpf's own summary ("libbpf: prog 'x': failed to load")
    /// rather than the last line of a verifier dump.
    static var lastError: String? {
        recent.withLock { messages in
            messages.last { $0.hasPrefix("libbpf:") } ?? messages.last
        }
    }
}
