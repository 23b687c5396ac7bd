/// The roles that are only a name: chrome, markers and flashes. (The other roles carry a region
/// kind, a heat level or an event kind; see `ThemeRole`.)
///
/// The raw value is the role's name in theme files (`themes/README.md`), so a new case gets its
/// theme name here, in one place, and `ThemeRole.allCases` picks it up without another list.
public enum NamedRole: String, Sendable, Hashable, CaseIterable {
    case normal
    case dim
    case title
    case border
    case header
    case headerValue = "header-value"
    case footer
    case footerKey = "footer-key"
    case selection
    case warning
    case error
    /// Unmapped address space drawn to scale.
    case unmapped
    /// A compressed gap break and its size label.
    case gapBreak = "gap-break"
    case gapLabel = "gap-label"
    /// The heap's top and the mmap area's bottom markers, and the gap between them.
    case heapMarker = "heap-marker"
    case mmapMarker = "mmap-marker"
    case convergenceGap = "convergence-gap"
    /// Where the heap and the mmap area met (a refused brk, an mmap placed below the heap).
    case collision
    /// The kernel's search for room under the bar: the window's bracket, where the mapping
    /// landed, and what it searched for.
    case gapSearch = "gap-search"
    /// A search that found no gap large enough: its `✕` and its words.
    case gapSearchFailed = "gap-search-failed"
    /// Brief highlights where something just happened.
    case flashMapped = "flash-mapped"
    case flashUnmapped = "flash-unmapped"
    case flashFaulted = "flash-faulted"
    /// Where madvise just gave pages back: RSS drops, no region changes.
    case flashReleased = "flash-released"
}
