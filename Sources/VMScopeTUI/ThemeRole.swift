import VMScopeCore

/// What a cell is, not what colour it is: widgets speak only in roles, and a theme (issue 5)
/// maps roles to colours and attributes. No widget holds a colour literal.
public enum ThemeRole: Sendable, Hashable {
    case normal
    case dim
    case title
    case border
    case header
    case headerValue
    case footer
    case footerKey
    case selection
    case warning
    case error
    /// A region of this kind on the bar, in the legend and in the table's kind column.
    case region(RegionKind)
    /// Unmapped address space drawn to scale.
    case unmapped
    /// A compressed gap break and its size label.
    case gapBreak
    case gapLabel
    /// The heap's top and the mmap area's bottom markers, and the gap between them.
    case heapMarker
    case mmapMarker
    case convergenceGap
    /// Brief highlights where something just happened.
    case flashMapped
    case flashUnmapped
    case flashFaulted
    /// Fault heat, 0 (none) ... 8 (hottest).
    case heat(Int)
    /// An event-log line of this kind.
    case event(EventLogCategory)
}
