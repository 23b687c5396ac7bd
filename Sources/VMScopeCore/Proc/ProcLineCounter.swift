/// Counts the lines of /proc files (maps: one line per mapping) through one reused buffer, so
/// counting the maps of every process allocates once per scan rather than once per process,
/// and never holds a whole large maps file in memory.
struct ProcLineCounter {
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// The number of newlines in the file, or the errno of the failing open/read.
    mutating func count(path: String) -> Result<Int, ProcFileReader.ErrnoCode> {
        var lines = 0
        return ProcFileReader.forEachChunk(path, buffer: &buffer) { chunk in
            for byte in chunk where byte == UInt8(ascii: "\n") { lines += 1 }
        }.map { lines }
    }
}
