/// How much of each mapping was in memory when /proc/PID/smaps was read, looked up for the
/// regions of a layout that may be newer than the read.
///
/// A region gets figures only when smaps' entries tile its extent exactly: one entry, or
/// several adjacent ones that the live layout shows as one region (it merges neighbouring
/// kernel VMAs that look alike). A region whose extent changed since the read gets nil, shown
/// as "-": the figures of whatever entry started at the same address belong to another extent
/// (that is how a 60 KiB region came to show 68 KiB resident). So resident bytes never exceed
/// the region's size.
public struct ResidencyTable: Sendable, Hashable {
    private struct Entry: Sendable, Hashable {
        var start: UInt64
        var end: UInt64
        var residency: RegionResidency
    }

    /// In address order, not overlapping (smaps lists VMAs that way).
    private var entries: [Entry] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// Every smaps entry in address order (a recording stores the table this way).
    public var ranges: [(start: UInt64, end: UInt64, residency: RegionResidency)] {
        entries.map { ($0.start, $0.end, $0.residency) }
    }

    /// Adds smaps' entry for `start..<end`. Entries arrive in address order from smaps; one out
    /// of order is put in its place.
    public mutating func add(start: UInt64, end: UInt64, _ residency: RegionResidency) {
        let entry = Entry(start: start, end: end, residency: residency)
        guard let last = entries.last, last.start > start else { return entries.append(entry) }
        entries.insert(entry, at: firstIndex(startingAtOrAbove: start))
    }

    /// The sum over the entries that tile `region` exactly; nil when they do not (the region
    /// changed since smaps was read, or smaps did not list it).
    public func residency(of region: Region) -> RegionResidency? {
        residency(of: region.start..<region.end)
    }

    public func residency(of range: Range<UInt64>) -> RegionResidency? {
        var index = firstIndex(startingAtOrAbove: range.lowerBound)
        guard index < entries.count, entries[index].start == range.lowerBound else { return nil }
        var sum = RegionResidency()
        var covered = range.lowerBound
        while index < entries.count, entries[index].start == covered, entries[index].end <= range.upperBound {
            sum.resident += entries[index].residency.resident
            sum.dirty += entries[index].residency.dirty
            sum.swapped += entries[index].residency.swapped
            covered = entries[index].end
            if covered == range.upperBound { return sum }
            index += 1
        }
        return nil
    }

    private func firstIndex(startingAtOrAbove address: UInt64) -> Int {
        entries.partitionPoint { $0.start >= address }
    }
}
