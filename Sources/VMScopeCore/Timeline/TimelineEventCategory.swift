/// The kind of a `MemoryEvent` without its payload, for counting events per kind.
public enum TimelineEventCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case brk, mmap, munmap, mremap, mprotect
    case pkeyMprotect = "pkey-mprotect"
    case madvise
    case memoryLock = "memory-lock"
    case mseal, shmat, shmdt
    case aioSetup = "aio-setup"
    case aioDestroy = "aio-destroy"
    case pageFault = "page-fault"
    case faultCounts = "fault-counts"
    case failed, fork
    case execStarted = "exec-started"
    case exec, layout, exit, lost

    public init(_ kind: MemoryEventKind) {
        switch kind {
        case .brk: self = .brk
        case .mmap: self = .mmap
        case .munmap: self = .munmap
        case .mremap: self = .mremap
        case .mprotect: self = .mprotect
        case .pkeyMprotect: self = .pkeyMprotect
        case .madvise: self = .madvise
        case .memoryLock: self = .memoryLock
        case .mseal: self = .mseal
        case .shmat: self = .shmat
        case .shmdt: self = .shmdt
        case .aioSetup: self = .aioSetup
        case .aioDestroy: self = .aioDestroy
        case .execStarted: self = .execStarted
        case .layout: self = .layout
        case .pageFault: self = .pageFault
        case .faultCounts: self = .faultCounts
        case .failed: self = .failed
        case .fork: self = .fork
        case .exec: self = .exec
        case .exit: self = .exit
        case .lost: self = .lost
        }
    }
}
