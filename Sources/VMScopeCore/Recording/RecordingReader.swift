import Glibc

/// Reads a recording record by record (README "Recording format"). The header is checked when
/// it opens; `next()` returns each entry in file order, nil at the end. A torn last record (the
/// writer was killed mid-write) ends the recording with a warning; anything else wrong (a bad
/// checksum, an unknown record type, a field out of range, a count larger than the record) is an
/// error naming the byte offset. Every length and count is bounded by the bytes left: a hostile
/// file cannot make it allocate more than the file's size.
public final class RecordingReader {
    public let path: String
    public private(set) var header: RecordingHeader
    /// Size of the file.
    public let size: Int
    /// Offset of the next record.
    public private(set) var offset: Int
    /// Offset of the record `next()` returned last.
    public private(set) var recordOffset: Int
    /// Where the file was cut short (a torn last record), once `next()` got there.
    public private(set) var truncatedAt: Int?
    /// Warnings (truncation), one line each, naming the file and the offset.
    public private(set) var warnings: [String] = []

    private let bytes: [UInt8]
    private(set) var pageShift: UInt64
    // The writer's interning and delta state, rebuilt record by record.
    var strings: [String] = []
    var stacks: [UserStack] = []
    var lastEventTime: UInt64
    var lastAddress: [Int: UInt64] = [:]
    var lastWindowHigh: [Int: UInt64] = [:]
    var lastRegions: [Int: [Region]] = [:]
    /// The pid of each process joined so far, by serial (a serial must be below the count).
    var joinedPids: [Int32] = []

    public convenience init(path: String) throws(RecordingError) {
        try self.init(bytes: Self.load(path), path: path)
    }

    /// Reads a recording already in memory (`path` names it in messages).
    public init(bytes: [UInt8], path: String) throws(RecordingError) {
        self.path = path
        self.bytes = bytes
        size = bytes.count
        let magic = RecordingMagic.bytes
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw RecordingError(path: path, offset: 0, message: "not a vmscope recording (no recording header); record one with `vmscope trace --record FILE`")
        }
        guard bytes.count >= magic.count + 2 else {
            throw RecordingError(path: path, offset: magic.count, message: "truncated inside the header")
        }
        let major = bytes[magic.count], minor = bytes[magic.count + 1]
        guard major <= RecordingHeader.formatMajor else {
            throw RecordingError(path: path, offset: magic.count,
                                 message: "recording format \(major).\(minor) is newer than this vmscope reads (\(RecordingHeader.formatMajor).x); replay it with a newer vmscope")
        }
        guard major >= 1 else {
            throw RecordingError(path: path, offset: magic.count, message: "recording format \(major).\(minor) is not one vmscope ever wrote")
        }
        offset = magic.count + 2
        recordOffset = offset
        // The header record: a placeholder header until it is decoded.
        pageShift = 0
        lastEventTime = 0
        header = RecordingHeader(hostname: "", kernelRelease: "", architecture: "", pageSize: 0, wallClockStart: 0, monotonicStart: 0)
        let decoded: RecordingHeader
        do {
            guard let (type, start, end) = try frame() else {
                throw RecordingFailure(offset: recordOffset, message: "truncated inside the header")
            }
            guard type == RecordType.header.rawValue else {
                throw RecordingFailure(offset: recordOffset, message: "the first record is not a header")
            }
            decoded = try bytes.withUnsafeBytes { raw throws(RecordingFailure) -> RecordingHeader in
                var cursor = RecordingCursor(raw, from: start, to: end, fileOffset: 0)
                let version = try cursor.text()
                let hostname = try cursor.text()
                let release = try cursor.text()
                let architecture = try cursor.text()
                let pageSize = try cursor.varint()
                let wall = try cursor.varint()
                let monotonic = try cursor.varint()
                return RecordingHeader(formatMajor: major, formatMinor: minor, vmscopeVersion: version, hostname: hostname,
                                       kernelRelease: release, architecture: architecture, pageSize: pageSize,
                                       wallClockStart: wall, monotonicStart: monotonic)
            }
        } catch let failure as RecordingFailure {
            throw RecordingError(path: path, offset: failure.offset, message: failure.message)
        } catch {
            throw RecordingError(path: path, offset: recordOffset, message: "\(error)")
        }
        header = decoded
        pageShift = decoded.pageShift
        lastEventTime = decoded.monotonicStart
        truncatedAt = nil
        warnings = []
    }

    /// The next entry; nil at the end (or at a torn last record: `truncatedAt` says where).
    public func next() throws(RecordingError) -> RecordingEntry? {
        do {
            while true {
                guard let (type, start, end) = try frame() else { return nil }
                let entry = try bytes.withUnsafeBytes { raw throws(RecordingFailure) -> RecordingEntry? in
                    var cursor = RecordingCursor(raw, from: start, to: end, fileOffset: 0)
                    return try decode(type: type, &cursor)
                }
                if let entry { return entry }
            }
        } catch let failure as RecordingFailure {
            throw RecordingError(path: path, offset: failure.offset, message: failure.message)
        } catch {
            throw RecordingError(path: path, offset: recordOffset, message: "\(error)")
        }
    }

    /// Reads the framing of the record at `offset`: its type and the payload's range, after
    /// checking the checksum. Nil at the end of the file, or when the last record is torn.
    private func frame() throws(RecordingFailure) -> (type: UInt8, start: Int, end: Int)? {
        recordOffset = offset
        guard offset < bytes.count else { return nil }
        var length: UInt64 = 0
        var shift: UInt64 = 0
        var index = offset
        while true {
            guard index < bytes.count else { return truncated() }
            let b = bytes[index]
            index += 1
            length |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { break }
            shift += 7
            guard shift < 35 else { throw RecordingFailure(offset: offset, message: "record length is impossible (corrupt)") }
        }
        guard length >= 1, length <= UInt64(RecordingMagic.maximumRecordLength) else {
            throw RecordingFailure(offset: offset, message: "record length \(length) is impossible (corrupt)")
        }
        let body = index, end = body + Int(length)
        guard end + 4 <= bytes.count else { return truncated() }
        let stored = UInt32(bytes[end]) | UInt32(bytes[end + 1]) << 8 | UInt32(bytes[end + 2]) << 16 | UInt32(bytes[end + 3]) << 24
        guard CRC32C.checksum(bytes[body..<end]) == stored else {
            throw RecordingFailure(offset: offset, message: "record checksum mismatch (corrupt)")
        }
        offset = end + 4
        return (bytes[body], body + 1, end)
    }

    private func truncated() -> (type: UInt8, start: Int, end: Int)? {
        if truncatedAt == nil {
            truncatedAt = offset
            warnings.append("\(SafeText.escape(path)): byte \(offset): truncated (the last record is incomplete); replayed up to there")
        }
        offset = bytes.count
        return nil
    }

    /// The whole file; a file that cannot be read is an error naming it.
    static func load(_ path: String) throws(RecordingError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RecordingError(path: path, offset: nil, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw RecordingError(path: path, offset: nil, message: "not a regular file; name a recording made with --record")
        }
        var result: [UInt8] = []
        result.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw RecordingError(path: path, offset: result.count, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }
}
