/// What one column of the address bar shows.
public enum BarFill: Sendable, Hashable {
    /// Mapped memory; the kind with the most of the column.
    case region(RegionKind)
    /// Unmapped address space drawn to scale.
    case unmapped
    /// A compressed gap: unmapped space far larger than its 1–2 columns (compressed scale).
    case gapBreak
}
