import VMScopeCore

/// The last record of a layout the probe read in the kernel (`vmscope_layout_end_record`).
struct LayoutEndRecord: Sendable, Hashable {
    var tgid: Int32
    var timestamp: UInt64
    var moment: KernelLayout.Moment
    /// How many region records the kernel sent for this layout.
    var count: UInt32
    /// The walk stopped early: too many VMAs, or the mmap lock was taken.
    var isIncomplete: Bool
    /// /proc/PID/maps of this process also lists the `[vsyscall]` gate page, which is in no
    /// process's VMA tree (the kernel adds it when printing maps).
    var hasVsyscall: Bool
}
