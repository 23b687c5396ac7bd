/// What happened to one region (or a few regions that are one mapping's pieces) between two
/// moments. A set, because one change can be several at once: a mapping mremap'd elsewhere and
/// grown is `[.moved, .grown]`; an mprotect in the middle of a region is `[.split, .protection]`.
public struct RegionChangeKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Mapped at the second moment, not at the first.
    public static let added = RegionChangeKinds(rawValue: 1 << 0)
    /// Mapped at the first moment, gone at the second.
    public static let removed = RegionChangeKinds(rawValue: 1 << 1)
    public static let grown = RegionChangeKinds(rawValue: 1 << 2)
    public static let shrunk = RegionChangeKinds(rawValue: 1 << 3)
    /// At another address: through an mremap that moved it (or, overlapping, shifted).
    public static let moved = RegionChangeKinds(rawValue: 1 << 4)
    /// r/w/x differ on some part of it.
    public static let protection = RegionChangeKinds(rawValue: 1 << 5)
    /// One region before, several after (an mprotect or munmap in its middle).
    public static let split = RegionChangeKinds(rawValue: 1 << 6)
    /// Several regions before, one after.
    public static let merged = RegionChangeKinds(rawValue: 1 << 7)
    /// Resident memory differs (only when both moments have smaps figures for it).
    public static let rss = RegionChangeKinds(rawValue: 1 << 8)

    /// In the order labels are written: what happened to the extent first, then the rest.
    static let ordered: [(RegionChangeKinds, String)] = [
        (.added, "added"), (.removed, "removed"), (.moved, "moved"), (.grown, "grown"),
        (.shrunk, "shrunk"), (.split, "split"), (.merged, "merged"), (.protection, "protection"),
        (.rss, "rss"),
    ]

    /// `["moved", "grown"]`: the names used in JSON.
    public var labels: [String] { Self.ordered.filter { contains($0.0) }.map(\.1) }

    /// `moved+grown`: the names used in the text table.
    public var label: String { labels.joined(separator: "+") }
}
