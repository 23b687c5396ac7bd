/// Assigns a `RegionKind` to every region of a sorted address space.
///
/// Rules, in order of precedence (see DESIGN.md "Address-space facts"):
/// 1. Kernel pseudo-names: `[heap]`, `[stack]`, `[stack:TID]` (kernels before 4.5 named thread
///    stacks), `[vdso]`, `[vvar]`/`[vvar_vclock]`, `[vsyscall]`, `[anon_shmem:NAME]`.
/// 2. No access at all (`---p`/`---s`) → `guardPage`: thread-stack guards, glibc's 64 MiB arena
///    reservations (`rw-p` head, `---p` tail), holes ld.so leaves between a library's segments.
/// 3. The main executable (path equal to `executablePath`): `r-x` → text, writable → data,
///    otherwise (ELF headers, .rodata, RELRO) → rodata. The anonymous `rw-` region touching the
///    end of its last mapping is its .bss (unless it is `[heap]`).
/// 4. Shared libraries — a file whose name has a `.so` component (`libc.so.6`,
///    `ld-linux-x86-64.so.2`, `_ctypes.cpython-311-x86_64-linux-gnu.so`) or any other file with
///    an executable mapping: executable → libraryText, every other mapping → libraryData, and
///    the anonymous `rw-` region touching the end of its last mapping (its .bss, which ld.so maps
///    as anonymous zero pages) → libraryData, unless it is larger than `bssLimit(forLibraryOf:)`:
///    the kernel merges anonymous mappings that touch, and a process that filled its space
///    (32-bit, top-down) gets its own blocks merged into a library's .bss.
/// 5. Shared memory: `/dev/zero` (what shared anonymous mappings are called), `/SYSV…`,
///    `/memfd:…`, `/dev/shm/…`, and any other shared mapping without a file → sharedMemory.
/// 6. Other file mappings → file.
/// 7. Anonymous `rw-` memory directly above (touching) a `---p` region of one page to 64 KiB →
///    threadStack (glibc pthread stacks: guard below, stack above, 8 MiB by default). The size
///    limit keeps the 64 MiB arena tails from turning the next arena into a "stack". glibc 2.40's
///    decorated names (`[anon: glibc: pthread stack: TID]`) are recognised by name too.
/// 8. Everything else, `[anon:NAME]` included → anonymous.
public enum RegionClassifier {
    /// The largest guard glibc puts below a thread stack that the threadStack rule accepts.
    public static let maximumThreadGuardSize: UInt64 = 64 * 1024
    /// The smallest guard: one page.
    public static let minimumThreadGuardSize: UInt64 = 4096

    /// The largest anonymous region taken for a library's .bss: four times what the library maps
    /// from its file, and at least 16 MiB (a .bss that large is rare; a block merged into one is
    /// not).
    static func bssLimit(forLibraryOf extent: UInt64) -> UInt64 {
        max(16 << 20, extent.multipliedReportingOverflow(by: 4).partialValue)
    }

    /// Returns `regions` (sorted by start) with `kind` set on each.
    ///
    /// - Parameter executablePath: the target of /proc/PID/exe (a trailing ` (deleted)` is
    ///   ignored). When nil — the link is unreadable without ptrace access — the first
    ///   file-backed, non-`.so` file with an executable mapping is taken as the program.
    public static func classify(_ regions: [Region], executablePath: String?) -> [Region] {
        var result = regions
        classify(&result, executablePath: executablePath)
        return result
    }

    /// In-place form of `classify(_:executablePath:)`.
    public static func classify(_ regions: inout [Region], executablePath: String?) {
        let programPath = programPath(in: regions, executablePath: executablePath)
        // Files with an executable mapping, found up front so a library's r--p header mapping
        // (which comes before its r-xp text) is already known to belong to a library.
        var executableFiles = Set<String>()
        for region in regions where region.permissions.execute && region.isFileBacked && !region.pathname.isEmpty {
            executableFiles.insert(region.pathname)
        }
        func isLibrary(_ path: String) -> Bool {
            path != programPath && (executableFiles.contains(path) || hasSharedObjectName(path))
        }

        // How much of its file each mapping's run of file regions maps so far (the run just
        // before an anonymous region is the library whose .bss it may be).
        var runExtent: UInt64 = 0
        for index in regions.indices {
            let region = regions[index]
            let previous: Region? = index > 0 ? regions[index - 1] : nil
            if region.isFileBacked, !region.pathname.isEmpty {
                runExtent = previous?.pathname == region.pathname ? runExtent + region.size : region.size
            }
            regions[index].kind = kind(of: region, previous: previous, programPath: programPath,
                                       libraryExtent: runExtent, isLibrary: isLibrary)
        }
    }

    private static func kind(of region: Region, previous: Region?, programPath: String?, libraryExtent: UInt64,
                             isLibrary: (String) -> Bool) -> RegionKind {
        let path = region.pathname
        let permissions = region.permissions
        if path.hasPrefix("[") {
            switch path {
            case "[heap]": return .heap
            case "[stack]": return .stack
            case "[vdso]": return .vdso
            case "[vvar]", "[vvar_vclock]": return .vvar
            case "[vsyscall]": return .vsyscall
            default:
                if path.hasPrefix("[stack:") { return .threadStack }
                if path.hasPrefix("[anon_shmem:") { return .sharedMemory }
                if path.hasPrefix("[anon:") && path.contains("pthread stack") && !permissions.isNone {
                    return .threadStack
                }
                // Other `[anon:NAME]` and unknown pseudo-names fall through to the anonymous rules.
            }
        }
        if permissions.isNone { return .guardPage }

        let isFile = region.isFileBacked && !path.isEmpty && !path.hasPrefix("[")
        if isFile {
            if path == programPath {
                if permissions.execute { return .text }
                return permissions.write ? .data : .rodata
            }
            if isSharedMemoryName(path) { return .sharedMemory }
            if isLibrary(path) { return permissions.execute ? .libraryText : .libraryData }
            return .file
        }
        if permissions.shared { return .sharedMemory }

        // Anonymous from here on.
        if let previous, previous.end == region.start {
            let writable = permissions.read && permissions.write && !permissions.execute
            if writable, !previous.pathname.isEmpty, previous.pathname != region.pathname {
                if previous.pathname == programPath { return .bss }
                if previous.isFileBacked, isLibrary(previous.pathname),
                   region.size <= bssLimit(forLibraryOf: libraryExtent) { return .libraryData }
            }
            if writable, previous.permissions.isNone, !previous.permissions.shared,
               previous.pathname.isEmpty || previous.pathname.hasPrefix("[anon:"),
               (minimumThreadGuardSize...maximumThreadGuardSize).contains(previous.size) {
                return .threadStack
            }
        }
        return .anonymous
    }

    /// The path that identifies the main program's mappings in this maps file.
    static func programPath(in regions: [Region], executablePath: String?) -> String? {
        if var path = executablePath, !path.isEmpty {
            // readlink shows a replaced binary as "… (deleted)"; maps drops that suffix into isDeleted.
            if path.hasSuffix(" (deleted)") { path.removeLast(" (deleted)".count) }
            return path
        }
        for region in regions where region.permissions.execute && region.isFileBacked
            && region.pathname.hasPrefix("/") && !hasSharedObjectName(region.pathname) {
            return region.pathname
        }
        return nil
    }

    /// True when the file name has a `.so` component: `libc.so`, `libc.so.6`, `x.so.1.2`.
    static func hasSharedObjectName(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        let nameStart = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        var i = nameStart
        while i + 3 <= bytes.count {
            if bytes[i] == UInt8(ascii: "."), bytes[i + 1] == UInt8(ascii: "s"), bytes[i + 2] == UInt8(ascii: "o"),
               i + 3 == bytes.count || bytes[i + 3] == UInt8(ascii: ".") {
                return true
            }
            i += 1
        }
        return false
    }

    /// Names under which the kernel shows shared memory that is not an ordinary file.
    static func isSharedMemoryName(_ path: String) -> Bool {
        path == "/dev/zero" || path.hasPrefix("/SYSV") || path.hasPrefix("/memfd:")
            || path.hasPrefix("/dev/shm/")
    }
}
