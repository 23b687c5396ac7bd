import VMScopeCore

/// Event kinds as the event log groups, colours and filters them.
public enum EventLogCategory: String, Sendable, Hashable, CaseIterable {
    case brk, mmap, munmap, mremap, mprotect, advice, fault, failure, process, lost
    /// The heap and the mmap area met (a line the live view adds, not an event kind).
    case collision

    public init(_ kind: MemoryEventKind) {
        switch kind {
        case .brk: self = .brk
        case .mmap, .shmat, .aioSetup: self = .mmap
        case .munmap, .shmdt, .aioDestroy: self = .munmap
        case .mremap: self = .mremap
        case .mprotect, .pkeyMprotect: self = .mprotect
        case .madvise, .memoryLock, .mseal: self = .advice
        case .pageFault, .faultCounts: self = .fault
        case .failed: self = .failure
        case .fork, .execStarted, .exec, .layout, .exit: self = .process
        case .lost: self = .lost
        }
    }
}
