/// Reads per-region residency from /proc/PID/smaps. Only the extent on each header line is
/// read (the regions themselves come from maps via `SnapshotReader`), and only the counters
/// vmscope shows.
///
/// smaps is large — about 700 bytes per mapping, 43 MB for a process with 60 000 — so it is
/// parsed as it is read, a chunk at a time, byte by byte: the text is never held whole, and no
/// String is made per line.
public struct SmapsReader: Sendable {
    public var procRoot: String

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    /// Residency per smaps entry, to be looked up by region extent.
    public func read(pid: Int32) throws -> ResidencyTable {
        let path = "\(procRoot)/\(pid)/smaps"
        var parser = Parser()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        switch ProcFileReader.forEachChunk(path, buffer: &buffer, { parser.feed($0) }) {
        case .success: return parser.finish()
        case .failure(let code): throw ProcFileReader.error(code, pid: pid, path: path)
        }
    }

    /// Parses smaps text: header lines start with `START-END `, counter lines with `Name:`.
    public static func parse(_ bytes: [UInt8]) -> ResidencyTable {
        var parser = Parser()
        parser.feed(bytes[...])
        return parser.finish()
    }

    /// The parser behind both: fed chunks that may split a line anywhere.
    struct Parser {
        private var table = ResidencyTable()
        private var current: (start: UInt64, end: UInt64, residency: RegionResidency)?
        /// The start of a line the previous chunk cut off.
        private var carry: [UInt8] = []

        mutating func feed(_ chunk: ArraySlice<UInt8>) {
            var lineStart = chunk.startIndex
            if !carry.isEmpty {
                guard let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) else {
                    carry.append(contentsOf: chunk)
                    return
                }
                carry.append(contentsOf: chunk[..<newline])
                let line = carry
                carry.removeAll(keepingCapacity: true)
                take(line[...])
                lineStart = newline + 1
            }
            while lineStart < chunk.endIndex {
                guard let newline = chunk[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                    carry.append(contentsOf: chunk[lineStart...])
                    return
                }
                take(chunk[lineStart..<newline])
                lineStart = newline + 1
            }
        }

        mutating func finish() -> ResidencyTable {
            if !carry.isEmpty {
                let line = carry
                carry.removeAll()
                take(line[...])
            }
            if let current { table.add(start: current.start, end: current.end, current.residency) }
            current = nil
            return table
        }

        /// One line. Addresses are lowercase hex and field names start with a capital letter,
        /// so the first byte tells a header from a counter.
        private mutating func take(_ line: ArraySlice<UInt8>) {
            guard let first = line.first else { return }
            if Self.isLowercaseHexDigit(first) {
                if let current { table.add(start: current.start, end: current.end, current.residency) }
                current = Self.extent(line)
                return
            }
            guard current != nil, let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
            let field: WritableKeyPath<RegionResidency, UInt64>
            switch line[line.startIndex..<colon] {
            case Self.rss: field = \.resident
            case Self.sharedDirty, Self.privateDirty: field = \.dirty
            case Self.swap: field = \.swapped
            default: return
            }
            current!.residency[keyPath: field] &+= Self.decimal(line[(colon + 1)...]) &* 1024
        }

        private static let rss = Array("Rss".utf8)[...]
        private static let sharedDirty = Array("Shared_Dirty".utf8)[...]
        private static let privateDirty = Array("Private_Dirty".utf8)[...]
        private static let swap = Array("Swap".utf8)[...]

        private static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
        }

        /// `START-END ...`; nil for anything else.
        private static func extent(_ line: ArraySlice<UInt8>) -> (UInt64, UInt64, RegionResidency)? {
            var index = line.startIndex
            func hex() -> UInt64? {
                var value: UInt64 = 0
                let begin = index
                while index < line.endIndex {
                    let byte = line[index]
                    let digit: UInt64
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
                    default: return index > begin ? value : nil
                    }
                    guard value >> 60 == 0 else { return nil }
                    value = value << 4 | digit
                    index += 1
                }
                return index > begin ? value : nil
            }
            guard let start = hex(), index < line.endIndex, line[index] == UInt8(ascii: "-") else { return nil }
            index += 1
            guard let end = hex(), end >= start else { return nil }
            return (start, end, RegionResidency())
        }

        /// The first run of decimal digits (`    1234 kB`); 0 when none.
        private static func decimal(_ text: ArraySlice<UInt8>) -> UInt64 {
            var value: UInt64 = 0
            var seen = false
            for byte in text {
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    value = value &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                    seen = true
                } else if seen {
                    break
                }
            }
            return value
        }
    }
}
