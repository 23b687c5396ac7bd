import Glibc

/// Buffered writes to a file descriptor (stdout) that notice a closed pipe (`trace | head`)
/// instead of dying of SIGPIPE, so the session can stop cleanly and release the probe.
final class LineOutput {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var isBroken = false

    init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
        signal(SIGPIPE, SIG_IGN)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
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
}
