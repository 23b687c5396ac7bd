import Glibc

/// Buffered writes to a file descriptor (stdout, or the file `-o` names) that notice a closed
/// pipe (`trace | head`) instead of dying of SIGPIPE, so the session can stop cleanly and
/// release the probe.
public final class LineOutput {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    public private(set) var isBroken = false

    public init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
        self.ownsDescriptor = false
        signal(SIGPIPE, SIG_IGN)
    }

    /// Creates (or truncates) `path` for writing. The descriptor is close-on-exec, so a command
    /// vmscope starts never inherits the trace file.
    ///
    /// - Throws: a one-line message naming the file when it cannot be opened.
    public init(creating path: String) throws(LineOutputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LineOutputError(path: path, errno: errno) }
        descriptor = fd
        ownsDescriptor = true
        signal(SIGPIPE, SIG_IGN)
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard !isBroken else { buffer.removeAll(); return }
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                isBroken = true
                break
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        flush()
        if ownsDescriptor { close(descriptor) }
    }
}

/// `-o FILE` could not be opened.
public struct LineOutputError: Error, CustomStringConvertible {
    public let path: String
    public let errno: Int32

    public var description: String {
        "cannot write \(SafeText.escape(path)): \(String(cString: strerror(errno))); choose a path you may write"
    }
}
