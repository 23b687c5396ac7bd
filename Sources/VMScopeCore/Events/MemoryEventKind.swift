/// What a `MemoryEvent` did. Addresses and lengths are in bytes as the kernel saw them;
/// lengths of successful calls are the caller's (the kernel rounds them up to pages).
public enum MemoryEventKind: Sendable, Hashable {
    /// brk moved the program break. `requested` is the argument (0 asks for the current break).
    case brk(oldBreak: UInt64, newBreak: UInt64, requested: UInt64)
    /// A successful mmap. `path` names the file for file mappings when known.
    case mmap(address: UInt64, length: UInt64, protection: MapProtection, flags: MapFlags,
              fd: Int32, offset: UInt64, path: String?)
    case munmap(address: UInt64, length: UInt64)
    case mremap(oldAddress: UInt64, oldLength: UInt64, newAddress: UInt64, newLength: UInt64,
                flags: UInt32)
    case mprotect(address: UInt64, length: UInt64, protection: MapProtection)
    /// One sampled user page fault (the kernel sends a rate-limited sample, not every fault).
    case pageFault(address: UInt64, errorCode: UInt64)
    /// Fault counts aggregated in the kernel: `count` faults in
    /// `[bucketAddress, bucketAddress + bucketSize)` since the previous batch.
    case faultCounts(bucketAddress: UInt64, bucketSize: UInt64, count: UInt64)
    /// A syscall that failed: it changed nothing. `address`/`length` are its arguments.
    case failed(syscall: MemorySyscall, errno: Int32, address: UInt64, length: UInt64)
    /// The watched process forked (`isThread == false`) or created a thread.
    case fork(childPid: Int32, isThread: Bool)
    /// The watched process executed a new program; its address space was replaced.
    case exec(filename: String)
    /// The process exited; `status` is a wait(2) status.
    case exit(status: Int32)
    /// Records the kernel could not deliver (ring buffer full) since the last report.
    case lost(count: UInt64)
}
