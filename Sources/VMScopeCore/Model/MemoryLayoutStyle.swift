/// Which way a process's mmap area grows (see DESIGN.md "Address-space facts").
public enum MemoryLayoutStyle: String, Sendable, Hashable, CaseIterable {
    /// The default: `mmap_base` sits below the stack and new mappings are placed downward, so the
    /// mmap area grows down toward the heap.
    case topDown
    /// Legacy (`setarch -L`, `vm.legacy_va_layout=1`): mappings are placed upward from
    /// TASK_UNMAPPED_BASE (a third of the address space plus randomisation).
    case bottomUp
    /// Too few mappings to tell.
    case unknown

    public var label: String {
        switch self {
        case .topDown: "top-down"
        case .bottomUp: "legacy bottom-up"
        case .unknown: "unknown"
        }
    }
}
