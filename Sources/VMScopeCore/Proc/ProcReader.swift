/// The monitor's view of the real /proc (or a tree laid out like it, for tests). It remembers
/// each process's last maps read, so an unchanged maps file is not parsed again.
/// Used from one thread (the monitor's).
public final class ProcReader: ProcessReading {
    public let procRoot: String
    private var memos: [Int32: SnapshotReader.Memo] = [:]
    /// Processes whose last read is remembered, at most: a watch list of hundreds of short-lived
    /// children must not keep every one's maps text.
    private static let memoLimit = 64

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    public func snapshot(pid: Int32) throws -> AddressSpaceSnapshot {
        do {
            let (snapshot, memo) = try SnapshotReader(procRoot: procRoot).read(pid: pid, reusing: memos[pid])
            if memos[pid] == nil, memos.count >= Self.memoLimit, let some = memos.keys.first { memos[some] = nil }
            memos[pid] = memo
            return snapshot
        } catch {
            memos[pid] = nil
            throw error
        }
    }

    public func identity(pid: Int32) throws -> ProcessIdentity {
        try ProcessFactsReader(procRoot: procRoot).identity(pid: pid)
    }

    public func isRunning(pid: Int32) -> Bool {
        let path = "\(procRoot)/\(pid)/stat"
        guard case .success(let bytes) = ProcFileReader.read(path, sizeHint: 512),
              let stat = try? ProcStatLine(bytes: bytes, path: path) else { return false }
        return stat.state.letter != "Z" && stat.state.letter != "X"
    }

    public func noAddressSpace(pid: Int32) -> NoAddressSpace? {
        let path = "\(procRoot)/\(pid)/stat"
        guard case .success(let bytes) = ProcFileReader.read(path, sizeHint: 512),
              let stat = try? ProcStatLine(bytes: bytes, path: path) else { return nil }
        return NoAddressSpace(stat)
    }

    public func descendants(of pids: Set<Int32>) -> [Int32] {
        ProcessTree.read(procRoot: procRoot).descendants(of: pids)
    }
}
