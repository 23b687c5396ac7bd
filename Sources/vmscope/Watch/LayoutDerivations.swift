import VMScopeCore

/// What the view derives from the live layout: summary, per-region faults and residency. Built
/// once per change of the model, not once per frame: animation frames reuse it.
struct LayoutDerivations {
    let regions: [Region]
    let summary: AddressSpaceSummary
    let faults: [UInt64]
    let resident: [UInt64?]

    init(timeline: Timeline, residency: [UInt64: RegionResidency]) {
        regions = timeline.currentRegions
        summary = AddressSpaceSummary(regions: regions)
        faults = timeline.faultCounts(for: regions)
        resident = regions.map { residency[$0.start]?.resident }
    }
}
