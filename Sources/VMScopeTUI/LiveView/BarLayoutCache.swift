import VMScopeCore

/// The last bar geometry and what it was computed from. A frame is drawn every second even when
/// nothing changed (clocks, rates) and ~30 a second while something animates; for 60 000
/// regions the geometry costs milliseconds, and it only changes with the layout, the width,
/// the scale or the heap↔mmap gap. Comparing the layout is cheap when nothing changed: the
/// state hands over the same array, and arrays that share storage compare equal at once.
public struct BarLayoutCache: Sendable {
    private var key: Key?
    private var layout: AddressBarLayout?

    private struct Key: Sendable, Equatable {
        var regions: [Region]
        var width: Int
        var mode: ScaleMode
        var heapMmapGap: Range<UInt64>?
    }

    public init() {}

    /// The bar for `state` at `width` columns, from the cache when its inputs are unchanged.
    public mutating func layout(for state: LiveViewState, width: Int) -> AddressBarLayout {
        let wanted = Key(regions: state.regions, width: width, mode: state.scale, heapMmapGap: state.heapMmapGap)
        if let layout, key == wanted { return layout }
        let fresh = AddressBarLayout(regions: state.regions, width: width, mode: state.scale,
                                     heapMmapGap: state.heapMmapGap)
        key = wanted
        layout = fresh
        return fresh
    }
}
