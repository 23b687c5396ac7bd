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
        var buffer = [UInt8](repeating: 0, count: min(max(4096, sizeHint), 1 << 20))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(buffer.count)
        return forEachChunk(path, buffer: &buffer) { bytes.append(contentsOf: $0) }.map { bytes }
    }

    /// Reads `path` to the end through `buffer`, handing each read's bytes to `body`.
    ///
    /// /proc files arrive a page or so per read(2) whatever the buffer size, so the caller's
    /// buffer is reused for every read (and, by a caller that reads many files, for every file).
    /// Growing the result and zero-filling ever larger spare room per read instead was
    /// quadratic-ish: seconds for a 100 KiB smaps in a debug build.
    static func forEachChunk(_ path: String, buffer: inout [UInt8],
                             _ body: (ArraySlice<UInt8>) -> Void) -> Result<Void, ErrnoCode> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(ErrnoCode(errno)) }
        defer { close(fd) }
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ErrnoCode(errno))
            }
            if n == 0 { return .success(()) }
            body(buffer[0..<n])
        }
    }

    /// At most the first `count` bytes of a file (an executable's ELF header through
    /// /proc/PID/exe, without reading the program).
    public static func readPrefix(_ path: String, count: Int) -> Result<[UInt8], ErrnoCode> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(ErrnoCode(errno)) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var used = 0
        while used < count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + used, count - used) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ErrnoCode(errno))
            }
            if n == 0 { break }
            used += n
        }
        return .success(Array(bytes[..<used]))
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
