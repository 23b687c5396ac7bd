/// The system calls vmscope follows, with their x86-64 numbers.
public enum MemorySyscall: Int32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case mmap = 9
    case mprotect = 10
    case munmap = 11
    case brk = 12
    case mremap = 25
    case madvise = 28
    case shmat = 30
    case execve = 59
    case shmdt = 67
    case mlock = 149
    case munlock = 150
    case mlockall = 151
    case munlockall = 152
    case ioSetup = 206
    case ioDestroy = 207
    case execveat = 322
    case mlock2 = 325
    case pkeyMprotect = 329
    case mseal = 462

    public var description: String {
        switch self {
        case .mmap: "mmap"
        case .mprotect: "mprotect"
        case .munmap: "munmap"
        case .brk: "brk"
        case .mremap: "mremap"
        case .madvise: "madvise"
        case .shmat: "shmat"
        case .execve: "execve"
        case .shmdt: "shmdt"
        case .mlock: "mlock"
        case .munlock: "munlock"
        case .mlockall: "mlockall"
        case .munlockall: "munlockall"
        case .ioSetup: "io_setup"
        case .ioDestroy: "io_destroy"
        case .execveat: "execveat"
        case .mlock2: "mlock2"
        case .pkeyMprotect: "pkey_mprotect"
        case .mseal: "mseal"
        }
    }
}
