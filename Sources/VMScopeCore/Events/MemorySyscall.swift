/// The memory-management system calls vmscope follows, with their x86-64 numbers.
public enum MemorySyscall: Int32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case mmap = 9
    case mprotect = 10
    case munmap = 11
    case brk = 12
    case mremap = 25

    public var description: String {
        switch self {
        case .mmap: "mmap"
        case .mprotect: "mprotect"
        case .munmap: "munmap"
        case .brk: "brk"
        case .mremap: "mremap"
        }
    }
}
