/// Reads /proc/PID/maps, stat and exe into a classified `AddressSpaceSnapshot`.
public struct SnapshotReader: Sendable {
    public var procRoot: String

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    /// One snapshot of `pid`'s address space.
    ///
    /// The read window is CLOCK_MONOTONIC from just before maps is opened to just after its last
    /// byte was read. The kernel generates maps in several reads while the process keeps
    /// running, so a change stamped inside the window may or may not be in the snapshot: the
    /// Timeline reconciles it once the records stamped in it have arrived.
    ///
    /// - Throws: `ProcReadError` (no such process, permission denied, malformed maps).
    public func read(pid: Int32) throws -> AddressSpaceSnapshot {
        try read(pid: pid, reusing: nil).snapshot
    }

    /// What a read parsed, kept so that the next read of an unchanged maps file (byte for byte,
    /// with the same executable) skips parsing and classifying: for a process with tens of
    /// thousands of mappings that is most of a read's cost.
    public struct Memo: Sendable {
        let bytes: [UInt8]
        let executablePath: String?
        let regions: [Region]

        init(bytes: some Collection<UInt8>, executablePath: String?, regions: [Region]) {
            self.bytes = Array(bytes)
            self.executablePath = executablePath
            self.regions = regions
        }
    }

    /// One snapshot, reusing `previous`'s regions when maps has not changed since it was read.
    public func read(pid: Int32, reusing previous: Memo?) throws -> (snapshot: AddressSpaceSnapshot, memo: Memo) {
        let directory = "\(procRoot)/\(pid)"
        let mapsPath = directory + "/maps"
        let timestamp = MonotonicClock.now()
        let bytes: [UInt8]
        switch ProcFileReader.read(mapsPath, sizeHint: max(65536, previous?.bytes.count ?? 0)) {
        case .success(let read): bytes = read
        case .failure(let code): throw ProcFileReader.error(code, pid: pid, path: mapsPath)
        }
        let readEnd = MonotonicClock.now()
        // The kernel hands maps out a page at a time, taking the mmap lock for each read(); a
        // process that exits mid-read loses its mm between two reads and the snapshot comes out
        // cut short, which would look like its last regions being unmapped. If the process has no
        // memory any more (vsize 0, zombie or dead) after the read, the read is not trusted.
        var stat: ProcStatLine?
        if !bytes.isEmpty {
            let statPath = directory + "/stat"
            guard case .success(let statBytes) = ProcFileReader.read(statPath),
                  let read = try? ProcStatLine(bytes: statBytes, path: statPath),
                  read.virtualSize > 0, read.state.letter != "Z", read.state.letter != "X"
            else { throw ProcReadError.noSuchProcess(pid: pid) }
            stat = read
        }
        // A zombie or kernel thread has an empty maps and no exe; that is a valid, empty snapshot.
        let executable = try? ProcFileReader.readLink(directory + "/exe").get()
        var regions: [Region]
        if let previous, previous.executablePath == executable, previous.bytes == bytes {
            regions = previous.regions
        } else {
            do {
                regions = try MapsParser.parse(bytes: bytes)
            } catch let error as MapsParseError {
                throw ProcReadError.malformed(path: mapsPath, detail: error.description)
            }
            Self.normalize(&regions)
            RegionClassifier.classify(&regions, executablePath: executable)
        }
        let identity = stat.map {
            ProcessIdentity(pid: pid, command: $0.command, startTimeTicks: $0.startTimeTicks, executablePath: executable)
        }
        let snapshot = AddressSpaceSnapshot(timestamp: timestamp, readEnd: readEnd, pid: pid, regions: regions,
                                            identity: identity)
        return (snapshot, Memo(bytes: bytes, executablePath: executable, regions: regions))
    }

    /// Makes `regions` sorted and non-overlapping, as `AddressSpaceSnapshot` promises. The kernel
    /// writes maps in order, but it resumes each read() after the last address it returned, so a
    /// mapping that changed between two reads can show up overlapping its neighbour. The earlier
    /// line keeps the overlapped bytes and the later one is trimmed (or dropped if covered), so
    /// the bar never draws one byte twice; the next snapshot corrects either way.
    static func normalize(_ regions: inout [Region]) {
        var sorted = true
        for index in regions.indices.dropFirst() where regions[index - 1].start > regions[index].start {
            sorted = false
            break
        }
        if !sorted { regions.sort { $0.start < $1.start } }
        var write = 0
        for read in regions.indices {
            var region = regions[read]
            if write > 0, regions[write - 1].end > region.start {
                if regions[write - 1].end >= region.end { continue }
                region.start = regions[write - 1].end
            }
            regions[write] = region
            write += 1
        }
        regions.removeLast(regions.count - write)
    }
}
