/// What a region is for. Drives colour, legend and the region table's "kind" column.
public enum RegionKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// The main program's executable code.
    case text
    /// The main program's read-only data (and ELF headers).
    case rodata
    /// The main program's file-backed writable data.
    case data
    /// Anonymous writable memory right after the program's data: its .bss.
    case bss
    /// The brk heap.
    case heap
    /// Anonymous mmap memory (malloc's big blocks, thread arenas, JIT, ...).
    case anonymous
    /// A file mapping that is not a shared library.
    case file
    /// A shared library's (or the dynamic loader's) code.
    case libraryText
    /// A shared library's data, read-only data and bss.
    case libraryData
    /// The main thread's stack.
    case stack
    /// A thread's stack (recognised by its guard page or a `[stack:TID]` name).
    case threadStack
    case vdso
    case vvar
    case vsyscall
    /// No-access (`---p`) ranges: guard pages and reservations.
    case guardPage
    /// Shared memory (SysV shm, memfd, `/dev/zero` shared, `[anon_shmem:...]`).
    case sharedMemory

    /// The short label used in tables and JSON.
    public var label: String {
        switch self {
        case .text: "text"
        case .rodata: "rodata"
        case .data: "data"
        case .bss: "bss"
        case .heap: "heap"
        case .anonymous: "anon"
        case .file: "file"
        case .libraryText: "lib-text"
        case .libraryData: "lib-data"
        case .stack: "stack"
        case .threadStack: "thread-stack"
        case .vdso: "vdso"
        case .vvar: "vvar"
        case .vsyscall: "vsyscall"
        case .guardPage: "guard"
        case .sharedMemory: "shm"
        }
    }
}

extension RegionKind {
    /// The kinds `regions` has, in declaration order. O(regions), stopping once all are found.
    public static func present(in regions: [Region]) -> [RegionKind] {
        var present = Set<RegionKind>()
        for region in regions {
            present.insert(region.kind)
            if present.count == allCases.count { break }
        }
        return allCases.filter(present.contains)
    }
}
