/// Reads `ProcessFacts` from a /proc tree. `procRoot` lets tests point it at a fixture
/// directory laid out like /proc (`<root>/<pid>/stat`, `status`, …).
public struct ProcessFactsReader: Sendable {
    public var procRoot: String

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    /// Only the start time (stat field 22): the cheap check that a pid still names the same
    /// process, for callers that re-check often and need nothing else.
    public func startTimeTicks(pid: Int32) throws -> UInt64 {
        try stat(pid: pid).startTimeTicks
    }

    /// Stat's command name and start time plus the exe link: the cheap re-check of a process
    /// watched in the background.
    ///
    /// - Throws: as `read(pid:)` does for stat.
    public func identity(pid: Int32) throws -> ProcessIdentity {
        let stat = try stat(pid: pid)
        return ProcessIdentity(pid: pid, command: stat.command, startTimeTicks: stat.startTimeTicks,
                               executablePath: try? ProcFileReader.readLink("\(procRoot)/\(pid)/exe").get())
    }

    /// /proc/PID/stat, parsed; the read's errno becomes the error a user should see.
    private func stat(pid: Int32) throws -> ProcStatLine {
        let statPath = "\(procRoot)/\(pid)/stat"
        switch ProcFileReader.read(statPath) {
        case .success(let bytes): return try ProcStatLine(bytes: bytes, path: statPath)
        case .failure(let code): throw ProcFileReader.error(code, pid: pid, path: statPath)
        }
    }

    /// Reads the facts for `pid`.
    ///
    /// Only /proc/PID/stat is required (it is world-readable); the other files fill in what they
    /// can. `regions` — a snapshot already read — gives the current break without reading maps
    /// again; when nil, maps is read if permitted.
    ///
    /// - Throws: `ProcReadError.noSuchProcess` when the pid does not exist;
    ///   `.permissionDenied`/`.unreadable`/`.malformed` when stat cannot be read or understood.
    /// `readingRollup`: read smaps_rollup for an exact RSS (it walks every mapping's page
    /// tables: 13 ms for 60 000 mappings); without it RSS is status's `VmRSS`.
    public func read(pid: Int32, regions: [Region]? = nil, readingRollup: Bool = true) throws -> ProcessFacts {
        let directory = "\(procRoot)/\(pid)"
        let stat = try stat(pid: pid)

        var facts = ProcessFacts(pid: pid, command: stat.command, state: stat.state,
                                 parentPid: stat.parentPid, threadCount: stat.threadCount,
                                 startTimeTicks: stat.startTimeTicks, virtualSize: stat.virtualSize,
                                 startBrk: stat.startBrk)

        if case .success(let bytes) = ProcFileReader.read(directory + "/cmdline") {
            facts.commandLine = Self.splitCommandLine(bytes)
        }
        if case .success(let target) = ProcFileReader.readLink(directory + "/exe") {
            facts.executablePath = target
        }
        if case .success(let bytes) = ProcFileReader.read(directory + "/status") {
            let status = Self.keyedValues(bytes)
            facts.residentSize = status["VmRSS"].flatMap(Self.kilobytes)
            facts.residentAnonymous = status["RssAnon"].flatMap(Self.kilobytes)
            facts.residentFile = status["RssFile"].flatMap(Self.kilobytes)
            facts.residentShared = status["RssShmem"].flatMap(Self.kilobytes)
            if let uids = status["Uid"], let real = uids.split(whereSeparator: { $0 == " " || $0 == "\t" }).first {
                facts.userId = UInt32(real)
            }
        }
        // smaps_rollup walks every mapping, so its Rss is exact where status's VmRSS is a
        // per-cpu-cached counter that can lag; prefer it when we may read it.
        if readingRollup, case .success(let bytes) = ProcFileReader.read(directory + "/smaps_rollup"),
           let rss = Self.keyedValues(bytes)["Rss"].flatMap(Self.kilobytes) {
            facts.residentSize = rss
        }

        var mapped = regions
        if mapped == nil, case .success(let bytes) = ProcFileReader.read(directory + "/maps", sizeHint: 65536) {
            mapped = try? MapsParser.parse(bytes: bytes)
        }
        // The heap may be split (an mprotect or munmap in it makes several `[heap]` lines, and
        // only the brk area is called that): the break is where the last one ends.
        if let heap = mapped?.last(where: { $0.pathname == AddressSpaceEditor.heapPathname }) {
            facts.currentBreak = heap.end
        } else {
            facts.currentBreak = facts.startBrk
        }
        facts.addressSpaceLimit = AddressSpaceLimit.read(pid: pid, procRoot: procRoot, regions: mapped)
        return facts
    }

    /// NUL-separated argv; the terminating NUL does not make an extra empty argument.
    static func splitCommandLine(_ bytes: [UInt8]) -> [String] {
        // Empty for kernel threads, and for a process between exec's new comm and its new
        // argument area: no arguments, not one empty argument.
        if bytes.isEmpty { return [] }
        var parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        if bytes.last == 0 { parts.removeLast() }
        return parts.map { String(decoding: $0, as: UTF8.self) }
    }

    /// `Key:<spaces/tabs>value` lines (status, smaps_rollup) as a dictionary; lines without a
    /// colon (smaps_rollup's address header) are skipped.
    static func keyedValues(_ bytes: [UInt8]) -> [String: Substring] {
        var values: [String: Substring] = [:]
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            if key.contains(" ") { continue }
            let value = line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })
            values[key] = value
        }
        return values
    }

    /// `1234 kB` → 1234 × 1024 bytes.
    static func kilobytes(_ value: Substring) -> UInt64? {
        let parts = value.split(separator: " ")
        guard let number = parts.first.flatMap({ UInt64($0) }) else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: 1024)
        return overflow ? nil : bytes
    }
}
