import VMScopeCore

/// One VMA of a layout the probe read in the kernel (bpf/vmscope.h `vmscope_vma_record`).
struct LayoutRegionRecord: Sendable, Hashable {
    var tgid: Int32
    /// The layout's moment (exec or exit), shared by all its records.
    var timestamp: UInt64
    var moment: KernelLayout.Moment
    /// 0, 1, 2... within the layout: a gap means records were lost.
    var index: UInt32
    /// As /proc/PID/maps would show it; `kind` is provisional (the engine classifies).
    var region: Region
}
