/// A stretch of the address axis — one region, one gap, or one clipped part of either — with
/// the width it gets on the bar. Internal to `AddressBarLayout`.
struct BarPiece {
    var start: UInt64
    var end: UInt64
    var fill: BarFill
    var regionIndex: Int?
    /// Width in columns before the final scale factor.
    var weight: Double
    /// Whether this gap is reported in `AddressBarLayout.gapLabels`.
    var isLabelled: Bool
    var isHeapMmapGap: Bool
}
