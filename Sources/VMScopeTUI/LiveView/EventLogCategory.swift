import VMScopeCore

/// Event kinds as the event log groups, colours and filters them.
public enum EventLogCategory: String, Sendable, Hashable, CaseIterable {
    case brk, mmap, munmap, mremap, mprotect, fault, failure, process, lost

    public init(_ kind: MemoryEventKind) {
        switch kind {
        case .brk: self = .brk
        case .mmap: self = .mmap
        case .munmap: self = .munmap
        case .mremap: self = .mremap
        case .mprotect: self = .mprotect
        case .pageFault, .faultCounts: self = .fault
        case .failed: self = .failure
        case .fork, .exec, .exit: self = .process
        case .lost: self = .lost
        }
    }
}
