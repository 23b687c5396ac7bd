/// The monitor's view of the real /proc (or a tree laid out like it, for tests).
public struct ProcReader: ProcessReading, Sendable {
    public var procRoot: String

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    public func snapshot(pid: Int32) throws -> AddressSpaceSnapshot {
        try SnapshotReader(procRoot: procRoot).read(pid: pid)
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

    public func descendants(of pids: Set<Int32>) -> [Int32] {
        ProcessTree.read(procRoot: procRoot).descendants(of: pids)
    }
}
