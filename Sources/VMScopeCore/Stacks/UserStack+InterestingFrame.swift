extension UserStack {
    /// The innermost resolved frame in the program's own code: outside the C library, the
    /// dynamic loader and the allocators (whose frames are the same for every allocation: the
    /// caller is the news). nil when there is none: unresolved, no frame in a file, or only
    /// allocator frames (a stack cut short without frame pointers). Frames in no file (a frame
    /// pointer chain gone astray, or JIT code) are passed over: they name nothing. When the
    /// walk may have skipped frame 0's caller (`callerMayBeSkipped`), only frame 0 may be named:
    /// a later frame would be shown as the caller it may not be (`← main` for `storm_main`), and
    /// a wrong name is worse than none.
    public var interestingFrame: StackFrame? {
        (callerMayBeSkipped ? frames.prefix(1) : frames[...]).first { frame in
            guard let name = frame.moduleName else { return false }
            return !Self.isRuntimeLibrary(name)
        }
    }

    /// `← grow_table (app)`: what a log line about the call appends; nil when no frame is
    /// interesting. Escaped.
    public var callerNote: String? {
        interestingFrame?.briefText.map { "← " + $0 }
    }

    /// The C library, the dynamic loader, the C++ runtime and malloc replacements, by file name:
    /// `libc.so.6`, `libc-2.31.so`, `libc.musl-x86_64.so.1`, `ld-linux-x86-64.so.2`,
    /// `ld-musl-x86_64.so.1`, `libstdc++.so.6`, `libjemalloc.so.2`, `libtcmalloc_minimal.so.4`,
    /// `libmimalloc.so.2`.
    static func isRuntimeLibrary(_ fileName: String) -> Bool {
        if fileName.hasPrefix("libc.so") || fileName.hasPrefix("libc.musl")
            || (fileName.hasPrefix("libc-") && fileName.contains(".so")) {
            return true
        }
        for prefix in ["ld-linux", "ld-musl", "libstdc++", "libjemalloc", "libtcmalloc", "libmimalloc"]
            where fileName.hasPrefix(prefix) {
            return true
        }
        return false
    }
}
