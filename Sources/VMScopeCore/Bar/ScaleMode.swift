/// How the address bar maps addresses to columns.
public enum ScaleMode: Sendable, Hashable {
    /// Mapped space shares the width in proportion to its size; every unmapped gap larger than
    /// a threshold (chosen so breaks take at most about a third of the width, never below
    /// `AddressBarLayout.minimumBreakGap`) is drawn as a fixed 1–2 column break labelled with its
    /// size. Each cluster of mappings between breaks gets at least one column when the width
    /// allows. The heap↔mmap gap is always a break.
    case compressed
    /// Every region and every gap gets a width proportional to log2 of its size (a page counts
    /// 1, 8 MiB 12, 64 GiB 25), so a 4 KiB guard and a 1 TiB reservation are both visible.
    case logarithmic
    /// A zoom/pan window: the addresses in `window` spread evenly over the width. Zoomed out,
    /// it is the process's whole space (`AddressSpaceLimit.window`): 4 GiB for a compat task.
    case linear(window: ClosedRange<UInt64>)

    public var label: String {
        switch self {
        case .compressed: "compressed"
        case .logarithmic: "log"
        case .linear: "linear"
        }
    }
}
