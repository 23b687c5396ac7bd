#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the lines of /proc files (maps: one line per mapping) through one reused buffer, so
/// counting the maps of every process allocates once per scan rather than once per process,
/// and never holds a whole large maps file in memory.
struct ProcLineCounter {
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// The number of newlines in the file, or the errno of the failing open/read.
    mutating func count(path: String) -> Result<Int, ProcFileReader.ErrnoCode> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(.init(errno)) }
        defer { close(fd) }
        var lines = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.init(errno))
            }
            if n == 0 { return .success(lines) }
            for index in 0..<n where buffer[index] == UInt8(ascii: "\n") { lines += 1 }
        }
    }
}
