/// What the monitor reads from /proc, behind a protocol so the engine can be tested with a
/// scripted process table (`ProcReader` is the real one).
public protocol ProcessReading {
    /// maps (with stat and the exe link for the identity), stamped with its read window.
    func snapshot(pid: Int32) throws -> AddressSpaceSnapshot
    /// stat's name and start time plus the exe link: who the pid is now.
    func identity(pid: Int32) throws -> ProcessIdentity
    /// Whether the process exists and has not exited (a zombie has).
    func isRunning(pid: Int32) -> Bool
    /// Why the process has no address space (kernel thread, zombie); nil when it should have one.
    func noAddressSpace(pid: Int32) -> NoAddressSpace?
    /// Every running descendant of `pids`, parents before children.
    func descendants(of pids: Set<Int32>) -> [Int32]
}
