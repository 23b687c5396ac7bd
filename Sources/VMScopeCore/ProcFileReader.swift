#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole /proc files with plain open/read. /proc files report a size of 0 and are
/// generated as they are read, so they are read in chunks until EOF, and errno is kept so
/// "no such process" and "permission denied" can be told apart.
public enum ProcFileReader {
    /// The file's bytes, or the errno of the failing open/read.
    public static func read(_ path: String, sizeHint: Int = 4096) -> Result<[UInt8], ErrnoCode> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(ErrnoCode(errno)) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = max(4096, sizeHint)
        while true {
            let before = bytes.count
            bytes.reserveCapacity(before + chunk)
            var failure: Int32 = 0
            var got = 0
            // Read straight into the array's spare capacity; no intermediate buffer.
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            bytes.withUnsafeMutableBytes { buffer in
                while true {
                    let n = Glibc.read(fd, buffer.baseAddress! + before, chunk)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failure = errno } else { got = n }
                    break
                }
            }
            bytes.removeLast(chunk - got)
            if failure != 0 { return .failure(ErrnoCode(failure)) }
            if got == 0 { return .success(bytes) }
            chunk = min(chunk * 2, 1 << 20)
        }
    }

    /// The target of a symbolic link such as /proc/PID/exe.
    public static func readLink(_ path: String) -> Result<String, ErrnoCode> {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { readlink(path, $0.baseAddress!, $0.count) }
        }
        if n < 0 { return .failure(ErrnoCode(errno)) }
        return .success(String(decoding: buffer[..<n], as: UTF8.self))
    }

    /// Turns a failed read of a file belonging to `pid` into the error a user should see.
    public static func error(_ code: ErrnoCode, pid: Int32, path: String) -> ProcReadError {
        switch code.value {
        case ENOENT, ESRCH: .noSuchProcess(pid: pid)
        case EACCES, EPERM: .permissionDenied(pid: pid, path: path)
        default: .unreadable(path: path, errno: code.value)
        }
    }

    /// strerror text for an errno.
    public static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// An errno value carried in a `Result` (which needs an `Error`).
    public struct ErrnoCode: Error, Sendable, Hashable {
        public var value: Int32
        public init(_ value: Int32) { self.value = value }
    }
}
