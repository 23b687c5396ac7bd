import Glibc

/// Writes a recording (README "Recording format"): the header first and at once, then framed
/// records as the monitor hands out its ticks. Buffered, and written with write(2) at the end of
/// every tick and whenever 64 KiB are waiting, so a vmscope killed at any moment leaves a file
/// that replays up to the last tick written (a torn last record reads as truncation).
///
/// Compact: strings and stacks are interned once, times and addresses are deltas, lengths are
/// in pages, a snapshot is stored as a difference from the process's previous one.
public final class RecordingWriter {
    public let path: String
    public let header: RecordingHeader
    /// Bytes handed to the file so far.
    public private(set) var bytesWritten = 0
    /// Set when a write failed (disk full): nothing more is written; the file ends at its last
    /// complete record.
    public private(set) var failure: RecordingError?

    private let descriptor: Int32
    private var buffer = RecordingBytes()
    private var scratch = RecordingBytes()
    private static let flushThreshold = 64 << 10

    // Interning and delta state, mirrored by the reader.
    var strings: [String: UInt64] = [:]
    var stacks: [UserStack: UInt64] = [:]
    var lastEventTime: UInt64
    var lastAddress: [Int: UInt64] = [:]
    var lastWindowHigh: [Int: UInt64] = [:]
    var lastRegions: [Int: [Region]] = [:]
    let pageShift: UInt64

    /// Processes by identity of their object, and what was last recorded of them.
    private var serials: [ObjectIdentifier: Int] = [:]
    private var tracked: [(process: MonitoredProcess, serial: Int)] = []
    private var recordedIdentity: [Int: ProcessIdentity] = [:]
    private var recordedProblem: [Int: ProcReadError] = [:]

    /// Creates `path` (mode 0644, truncating an existing file) and writes the header.
    public init(path: String, header: RecordingHeader = .current()) throws(RecordingError) {
        self.path = path
        self.header = header
        pageShift = header.pageShift
        lastEventTime = header.monotonicStart
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw RecordingError(path: path, offset: nil, message: "is a directory; name a file to record to")
        }
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RecordingError(path: path, offset: nil,
                                 message: "cannot create: \(String(cString: strerror(errno))); choose a writable path")
        }
        buffer.bytes = RecordingMagic.bytes + [header.formatMajor, header.formatMinor]
        var payload = RecordingBytes()
        payload.text(header.vmscopeVersion)
        payload.text(header.hostname)
        payload.text(header.kernelRelease)
        payload.text(header.architecture)
        payload.varint(header.pageSize)
        payload.varint(header.wallClockStart)
        payload.varint(header.monotonicStart)
        emit(.header, payload)
        flush()
        if let failure { close(descriptor); throw failure }
    }

    deinit {
        flush()
        close(descriptor)
    }

    // MARK: - Appending

    /// The trace's start line.
    public func append(_ start: TraceStart) {
        scratch.bytes.removeAll(keepingCapacity: true)
        scratch.varint(start.command.count)
        for word in start.command { scratch.text(word) }
        scratch.varint(start.pids.count)
        for pid in start.pids { scratch.signed(pid) }
        scratch.text(start.source)
        scratch.bool(start.note != nil)
        if let note = start.note { scratch.text(note) }
        scratch.bool(start.followChildren)
        scratch.delta(start.time, from: header.monotonicStart)
        emit(.start, scratch)
        flush()
    }

    /// One monitor tick: its updates in order, then what changed of the processes' identity and
    /// readability, then the tick's end (`time`, and the source's loss total). Written out at once.
    public func append(_ updates: [MonitorUpdate], lostTotal: UInt64, time: UInt64 = MonotonicClock.now()) {
        for update in updates { append(update) }
        for (process, serial) in tracked {
            if let identity = process.identity, recordedIdentity[serial] != identity {
                recordedIdentity[serial] = identity
                var payload = RecordingBytes()
                payload.varint(serial)
                encode(identity, into: &payload)
                emit(.identity, payload)
            }
            if recordedProblem[serial] != process.readProblem {
                recordedProblem[serial] = process.readProblem
                var payload = RecordingBytes()
                payload.varint(serial)
                encode(process.readProblem, into: &payload)
                emit(.readProblem, payload)
            }
        }
        tracked.removeAll { !$0.process.isLive }
        var payload = RecordingBytes()
        payload.delta(time, from: header.monotonicStart)
        payload.varint(lostTotal)
        emit(.tickEnd, payload)
        flush()
    }

    /// A detail read of `process` (facts, residency, limits) made at `time`. Ignored for a
    /// process no tick has brought.
    public func append(details: RecordedDetail, of process: MonitoredProcess, at time: UInt64) {
        guard let serial = serials[ObjectIdentifier(process)] else { return }
        var payload = RecordingBytes()
        payload.varint(serial)
        payload.delta(time, from: header.monotonicStart)
        encode(details, into: &payload)
        emit(.details, payload)
        if buffer.count >= Self.flushThreshold { flush() }
    }

    private func append(_ update: MonitorUpdate) {
        switch update {
        case .joined(let process):
            let serial = serials.count
            serials[ObjectIdentifier(process)] = serial
            tracked.append((process, serial))
            if let identity = process.identity { recordedIdentity[serial] = identity }
            var payload = RecordingBytes()
            payload.signed(process.pid)
            encode(process.joinReason, into: &payload)
            payload.delta(process.joinedAt, from: header.monotonicStart)
            payload.bool(process.identity != nil)
            if let identity = process.identity { encode(identity, into: &payload) }
            payload.varint(process.timeline.inFlightAllowance)
            emit(.joined, payload)
        case .events(let process, let events):
            guard let serial = serial(of: process) else { return }
            var first = true
            var index = events.startIndex
            while index < events.endIndex {
                let end = min(index + RecordingMagic.eventsPerRecord, events.endIndex)
                // Strings and stacks the events name are emitted (as their own records) while
                // the events are encoded, so they come first in the file.
                var payload = RecordingBytes()
                payload.varint(serial)
                payload.bool(!first)
                payload.varint(end - index)
                for event in events[index..<end] { encode(event, pid: process.pid, state: serial, into: &payload) }
                emit(.events, payload)
                if buffer.count >= Self.flushThreshold { flush() }
                first = false
                index = end
            }
        case .snapshot(let process, let reconciled):
            guard let serial = serial(of: process) else { return }
            var payload = RecordingBytes()
            payload.varint(serial)
            encode(reconciled.snapshot, serial: serial, into: &payload)
            let report = RecordedReport(reconciled.report)
            payload.varint(report.eventsApplied)
            payload.varint(report.lateEventsIgnored)
            payload.varint(report.lost)
            payload.varint(report.unexplained)
            payload.varint(report.expected)
            emit(.snapshot, payload)
        case .lost(let event):
            var payload = RecordingBytes()
            encode(event, pid: 0, state: -1, into: &payload)
            emit(.lost, payload)
        case .ended(let process):
            guard let serial = serial(of: process) else { return }
            var payload = RecordingBytes()
            payload.varint(serial)
            encode(process.ending ?? .stopped, into: &payload)
            payload.delta(process.endedAt ?? lastEventTime, from: header.monotonicStart)
            emit(.ended, payload)
        }
        if buffer.count >= Self.flushThreshold { flush() }
    }

    private func serial(of process: MonitoredProcess) -> Int? { serials[ObjectIdentifier(process)] }

    // MARK: - Framing

    /// Frames one record into the buffer: LEB128 length of type + payload, the type, the
    /// payload, CRC-32C of type + payload (little-endian).
    func emit(_ type: RecordType, _ payload: RecordingBytes) {
        buffer.varint(payload.count + 1)
        let start = buffer.count
        buffer.byte(type.rawValue)
        buffer.bytes.append(contentsOf: payload.bytes)
        buffer.fixed32(CRC32C.checksum(buffer.bytes[start...]))
    }

    /// Writes what is buffered. After a failed write nothing more is written.
    public func flush() {
        defer { buffer.bytes.removeAll(keepingCapacity: true) }
        guard failure == nil, !buffer.bytes.isEmpty else { return }
        var written = 0
        buffer.bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(descriptor, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = RecordingError(path: path, offset: bytesWritten + written,
                                             message: "cannot write: \(String(cString: strerror(errno))); the recording ends here")
                    return
                }
                written += n
            }
        }
        bytesWritten += written
    }
}
