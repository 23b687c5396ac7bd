/// A range that just changed, highlighted on the bar for a moment.
public struct Flash: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case mapped, unmapped, faulted
        /// madvise gave the pages back (DONTNEED, FREE, …): RSS drops, no region changes.
        case released
    }

    public var range: Range<UInt64>
    public var kind: Kind
    /// 1 when it just happened, falling to 0 when the flash ends.
    public var intensity: Double

    public init(range: Range<UInt64>, kind: Kind, intensity: Double) {
        self.range = range
        self.kind = kind
        self.intensity = intensity
    }
}
