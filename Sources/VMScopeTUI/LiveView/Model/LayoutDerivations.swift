import VMScopeCore

/// What the view derives from the live layout: summary, per-region faults and residency. Built
/// once per change of the model, not once per frame: animation frames reuse it.
struct LayoutDerivations {
    let regions: [Region]
    let summary: AddressSpaceSummary
    let faults: [UInt64]
    let resident: [UInt64?]
    /// The kinds the legend names.
    let presentKinds: [RegionKind]

    /// `limit`: the process's address-space size (`ProcessFacts.addressSpaceLimit`) once read.
    init(timeline: Timeline?, residency: ResidencyTable, limit: UInt64?) {
        regions = timeline?.currentRegions ?? []
        summary = AddressSpaceSummary(regions: regions, limit: limit)
        faults = timeline?.faultCounts(for: regions) ?? []
        // Only a region smaps listed with exactly this extent has figures (see ResidencyTable).
        resident = regions.map { residency.residency(of: $0)?.resident }
        presentKinds = RegionKind.present(in: regions)
    }
}
