#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists every process under a /proc tree for the picker, and resolves names to pids.
///
/// Per process it reads stat (pid, comm, state, flags, VSZ, RSS, start time), status (the
/// effective uid), cmdline and, when asked, counts the lines of maps. A process that vanishes
/// during the scan is dropped (or marked "exited" if it went between two of its files); it never
/// fails the scan. `procRoot` and `passwdPath` let tests point it at a hand-made tree.
public struct ProcessTableReader: Sendable {
    public var procRoot: String
    public var passwdPath: String

    /// PF_KTHREAD in stat field 9 (include/linux/sched.h).
    static let kernelThreadFlag: UInt32 = 0x0020_0000

    public init(procRoot: String = "/proc", passwdPath: String = "/etc/passwd") {
        self.procRoot = procRoot
        self.passwdPath = passwdPath
    }

    /// Every process, lowest pid first. `countMappings` reads each process's maps to count its
    /// regions (and to learn whether it may be watched at all: maps is what ptrace access guards);
    /// without it `mappingCount` is nil and only kernel threads and zombies get a reason.
    public func scan(countMappings: Bool = true) -> [ProcessListing] {
        let users = UserNameTable.read(path: passwdPath)
        var counter = countMappings ? ProcLineCounter() : nil
        return allPids().compactMap { listing(pid: $0, users: users, lineCounter: &counter) }
    }

    /// One process, or nil when it does not exist (or vanished before its stat was read).
    public func listing(pid: Int32, countMappings: Bool = true) -> ProcessListing? {
        var counter = countMappings ? ProcLineCounter() : nil
        return listing(pid: pid, users: UserNameTable.read(path: passwdPath), lineCounter: &counter)
    }

    /// The pids of the processes `name` names (its comm exactly, or argv[0]'s last path
    /// component exactly; kernel threads never), lowest first: what `-p postgres` means.
    /// Empty when none does. The caller's own process is included if it matches.
    public func pids(matchingName name: String) -> [Int32] {
        scan(countMappings: false).filter { $0.matches(name: name) }.map(\.pid)
    }

    /// The numeric entries of `procRoot` (thread-group leaders: threads live under task/),
    /// ascending.
    public func allPids() -> [Int32] {
        guard let directory = opendir(procRoot) else { return [] }
        defer { closedir(directory) }
        var pids: [Int32] = []
        while let entry = readdir(directory) {
            let pid = withUnsafeBytes(of: entry.pointee.d_name) { raw -> Int32? in
                var value: Int32 = 0
                var digits = 0
                for byte in raw {
                    if byte == 0 { break }
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), value < Int32.max / 10 else { return nil }
                    value = value * 10 + Int32(byte - UInt8(ascii: "0"))
                    digits += 1
                }
                return digits > 0 && value > 0 ? value : nil
            }
            if let pid { pids.append(pid) }
        }
        return pids.sorted()
    }

    private func listing(pid: Int32, users: UserNameTable, lineCounter: inout ProcLineCounter?) -> ProcessListing? {
        let directory = "\(procRoot)/\(pid)"
        let statPath = directory + "/stat"
        let stat: ProcStatLine
        switch ProcFileReader.read(statPath, sizeHint: 512) {
        case .success(let bytes):
            guard let parsed = try? ProcStatLine(bytes: bytes, path: statPath) else {
                return ProcessListing(pid: pid, command: "?", unreadableReason: "malformed stat")
            }
            stat = parsed
        case .failure(let code):
            // Gone before we looked: not a process any more, so not a row.
            if Self.vanished(code.value) { return nil }
            return ProcessListing(pid: pid, command: "?", unreadableReason: Self.reason(forErrno: code.value, file: "stat"))
        }

        let isKernelThread = stat.flags & Self.kernelThreadFlag != 0
        var listing = ProcessListing(
            pid: pid, parentPid: stat.parentPid, command: stat.command, state: stat.state,
            virtualSize: stat.virtualSize, residentSize: stat.residentPages &* Self.pageSize,
            startTimeTicks: stat.startTimeTicks, isKernelThread: isKernelThread)
        var exited = false

        switch ProcFileReader.read(directory + "/status", sizeHint: 2048) {
        case .success(let bytes):
            listing.userId = Self.effectiveUid(status: bytes)
            listing.userName = listing.userId.flatMap(users.name(of:))
        case .failure(let code):
            exited = exited || Self.vanished(code.value)
        }
        if !isKernelThread {
            switch ProcFileReader.read(directory + "/cmdline", sizeHint: 1024) {
            case .success(let bytes): listing.commandLine = ProcessFactsReader.splitCommandLine(bytes)
            case .failure(let code): exited = exited || Self.vanished(code.value)
            }
        }

        if isKernelThread {
            listing.unreadableReason = "kernel thread"
        } else if stat.state.letter == "Z" {
            listing.unreadableReason = "zombie"
        } else if lineCounter != nil {
            switch lineCounter!.count(path: directory + "/maps") {
            case .success(let lines): listing.mappingCount = lines
            case .failure(let code): listing.unreadableReason = Self.reason(forErrno: code.value, file: "maps")
            }
        }
        if exited, listing.unreadableReason == nil { listing.unreadableReason = "exited" }
        return listing
    }

    /// The errno of a read that found the process gone (ENOENT at open, ESRCH at read).
    static func vanished(_ code: Int32) -> Bool { code == ENOENT || code == ESRCH }

    /// The picker's words for a failed read of a process's `file`.
    static func reason(forErrno code: Int32, file: String) -> String {
        switch code {
        case EACCES, EPERM: "permission denied"
        case ENOENT, ESRCH: "exited"
        default: "cannot read \(file): \(ProcFileReader.errorText(code))"
        }
    }

    /// The second number of status's `Uid:` line (real, effective, saved, filesystem).
    static func effectiveUid(status bytes: [UInt8]) -> UInt32? {
        let key = Array("Uid:".utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if lineEnd - lineStart > key.count, bytes[lineStart..<(lineStart + key.count)].elementsEqual(key) {
                let numbers = bytes[(lineStart + key.count)..<lineEnd]
                    .split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                guard numbers.count >= 2 else { return nil }
                return UInt32(String(decoding: numbers[1], as: UTF8.self))
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    static let pageSize = UInt64(max(1, sysconf(Int32(_SC_PAGESIZE))))
}
