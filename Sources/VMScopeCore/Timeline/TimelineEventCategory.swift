/// The kind of a `MemoryEvent` without its payload, for counting events per kind.
public enum TimelineEventCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case brk, mmap, munmap, mremap, mprotect
    case pageFault = "page-fault"
    case faultCounts = "fault-counts"
    case failed, fork, exec, exit, lost

    public init(_ kind: MemoryEventKind) {
        switch kind {
        case .brk: self = .brk
        case .mmap: self = .mmap
        case .munmap: self = .munmap
        case .mremap: self = .mremap
        case .mprotect: self = .mprotect
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
