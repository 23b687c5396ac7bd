/// Sizes and resident memory of a set of regions (one kind, or all) at both moments.
///
/// RSS sums only the regions smaps had figures for (see `ResidencyTable`); nil when that moment
/// had no smaps read at all. `rssUnknownBefore`/`After` count the regions left out, so a reader
/// can tell a real drop from a region whose figures went missing.
public struct DiffTotal: Sendable, Hashable {
    /// nil for the overall total.
    public var kind: RegionKind?
    public var regionsBefore = 0
    public var regionsAfter = 0
    public var sizeBefore: UInt64 = 0
    public var sizeAfter: UInt64 = 0
    public var rssBefore: UInt64?
    public var rssAfter: UInt64?
    public var rssUnknownBefore = 0
    public var rssUnknownAfter = 0

    public init(kind: RegionKind?) { self.kind = kind }

    public var sizeDelta: Int64 { Int64(bitPattern: sizeAfter &- sizeBefore) }

    public var rssDelta: Int64? {
        guard let rssBefore, let rssAfter else { return nil }
        return Int64(bitPattern: rssAfter &- rssBefore)
    }

    /// Nothing about it differs between the moments.
    public var isUnchanged: Bool {
        regionsBefore == regionsAfter && sizeBefore == sizeAfter && (rssDelta ?? 0) == 0
    }

    mutating func add(before region: Region, residency: ResidencyTable?) {
        regionsBefore += 1
        sizeBefore &+= region.size
        guard let residency else { return }
        if let figures = residency.residency(of: region) {
            rssBefore = (rssBefore ?? 0) &+ figures.resident
        } else {
            rssBefore = rssBefore ?? 0
            rssUnknownBefore += 1
        }
    }

    mutating func add(after region: Region, residency: ResidencyTable?) {
        regionsAfter += 1
        sizeAfter &+= region.size
        guard let residency else { return }
        if let figures = residency.residency(of: region) {
            rssAfter = (rssAfter ?? 0) &+ figures.resident
        } else {
            rssAfter = rssAfter ?? 0
            rssUnknownAfter += 1
        }
    }
}
