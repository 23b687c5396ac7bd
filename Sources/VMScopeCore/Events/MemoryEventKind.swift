/// What a `MemoryEvent` did. Addresses and lengths are in bytes as the kernel saw them;
/// lengths of successful calls are the caller's (the kernel rounds them up to pages).
public enum MemoryEventKind: Sendable, Hashable {
    /// brk moved the program break. `requested` is the argument (0 asks for the current break).
    case brk(oldBreak: UInt64, newBreak: UInt64, requested: UInt64)
    /// A successful mmap. `file` names the file for file mappings (nil: anonymous).
    case mmap(address: UInt64, length: UInt64, protection: MapProtection, flags: MapFlags,
              fd: Int32, offset: UInt64, file: MappedFile?)
    case munmap(address: UInt64, length: UInt64)
    case mremap(oldAddress: UInt64, oldLength: UInt64, newAddress: UInt64, newLength: UInt64,
                flags: UInt32)
    case mprotect(address: UInt64, length: UInt64, protection: MapProtection)
    /// pkey_mprotect: mprotect that also tags the pages with a protection key (-1: none).
    case pkeyMprotect(address: UInt64, length: UInt64, protection: MapProtection, pkey: Int32)
    /// madvise: changes no mapping's extent or permissions, but some advice drops resident
    /// pages (DONTNEED, FREE, REMOVE) and some splits regions by flags /proc does not show.
    case madvise(address: UInt64, length: UInt64, advice: MemoryAdvice)
    /// mlock, mlock2, munlock (a range) or mlockall, munlockall (everything; address and length
    /// 0). `flags` is mlock2's or mlockall's. Locks split regions but change no permissions.
    case memoryLock(call: MemorySyscall, address: UInt64, length: UInt64, flags: UInt32)
    /// mseal: the range can no longer be unmapped, moved or re-protected.
    case mseal(address: UInt64, length: UInt64, flags: UInt64)
    /// shmat attached System V shared memory segment `shmid` (`length` is the segment's size).
    case shmat(address: UInt64, length: UInt64, shmid: Int32, readOnly: Bool)
    /// shmdt detached the segment mapped at `address` (`length` as it was attached).
    case shmdt(address: UInt64, length: UInt64)
    /// io_setup mapped an asynchronous I/O ring (`/[aio] (deleted)` in maps).
    case aioSetup(address: UInt64, length: UInt64)
    /// io_destroy unmapped it.
    case aioDestroy(address: UInt64, length: UInt64)
    /// One sampled user page fault (the kernel sends a rate-limited sample, not every fault).
    case pageFault(address: UInt64, errorCode: UInt64)
    /// Fault counts aggregated in the kernel: `count` faults in
    /// `[bucketAddress, bucketAddress + bucketSize)` since the previous batch.
    case faultCounts(bucketAddress: UInt64, bucketSize: UInt64, count: UInt64)
    /// A syscall that failed: it changed nothing. `address`/`length` are its arguments.
    case failed(syscall: MemorySyscall, errno: Int32, address: UInt64, length: UInt64)
    /// The watched process forked (`isThread == false`) or created a thread.
    case fork(childPid: Int32, isThread: Bool)
    /// A thread entered execve or execveat. From here until `.exec` (or a failed exec) the
    /// kernel may replace the address space at any moment, so no /proc read can be trusted.
    case execStarted
    /// The watched process executed a new program; its address space was replaced.
    case exec(filename: String)
    /// The whole address space as the kernel had it at this moment, read in the kernel itself
    /// (at exec, once the new image is built, and at exit): an exact snapshot no /proc read
    /// could race with.
    case layout(KernelLayout)
    /// The process exited; `status` is a wait(2) status.
    case exit(status: Int32)
    /// Records the kernel could not deliver (ring buffer full) since the last report.
    case lost(count: UInt64)
}
