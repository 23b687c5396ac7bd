/// Reads per-region residency from /proc/PID/smaps. Only the extent on each header line is
/// read (the regions themselves come from maps via `SnapshotReader`), and only the three
/// counters vmscope shows, so this stays cheap even for processes with many mappings.
public struct SmapsReader: Sendable {
    public var procRoot: String

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    /// Residency per smaps entry, to be looked up by region extent.
    public func read(pid: Int32) throws -> ResidencyTable {
        let path = "\(procRoot)/\(pid)/smaps"
        switch ProcFileReader.read(path, sizeHint: 1 << 18) {
        case .success(let bytes): return Self.parse(bytes)
        case .failure(let code): throw ProcFileReader.error(code, pid: pid, path: path)
        }
    }

    /// Parses smaps text: header lines start with `START-END `, counter lines with `Name:`.
    public static func parse(_ bytes: [UInt8]) -> ResidencyTable {
        var table = ResidencyTable()
        var current: (start: UInt64, end: UInt64, residency: RegionResidency)?
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let line = bytes[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            guard let colonOrDash = line.firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") })
            else { continue }
            if bytes[colonOrDash] == UInt8(ascii: "-") {
                if let current { table.add(start: current.start, end: current.end, current.residency) }
                let endDigits = line[(colonOrDash + 1)...].prefix { $0 != UInt8(ascii: " ") }
                current = UInt64(String(decoding: line[line.startIndex..<colonOrDash], as: UTF8.self), radix: 16)
                    .flatMap { start in
                        UInt64(String(decoding: endDigits, as: UTF8.self), radix: 16).map { (start, $0, RegionResidency()) }
                    }
                continue
            }
            guard current != nil else { continue }
            let name = line[line.startIndex..<colonOrDash]
            let field: WritableKeyPath<RegionResidency, UInt64>
            switch String(decoding: name, as: UTF8.self) {
            case "Rss": field = \.resident
            case "Shared_Dirty", "Private_Dirty": field = \.dirty
            case "Swap": field = \.swapped
            default: continue
            }
            let digits = line[(colonOrDash + 1)...].filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            if let kilobytes = UInt64(String(decoding: digits, as: UTF8.self)) {
                current!.residency[keyPath: field] += kilobytes * 1024
            }
        }
        if let current { table.add(start: current.start, end: current.end, current.residency) }
        return table
    }
}
