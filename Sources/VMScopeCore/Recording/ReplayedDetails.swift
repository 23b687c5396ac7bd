/// The latest detail reads of one replayed process, as of the player's position (what the live
/// view showed beside the layout then).
public struct ReplayedDetails: Sendable, Hashable {
    public var facts: ProcessFacts?
    public var residency: ResidencyTable?
    public var limits: SpaceLimits?
    /// When the latest of them was read.
    public var time: UInt64?

    public init(facts: ProcessFacts? = nil, residency: ResidencyTable? = nil, limits: SpaceLimits? = nil, time: UInt64? = nil) {
        self.facts = facts
        self.residency = residency
        self.limits = limits
        self.time = time
    }

    mutating func take(_ detail: RecordedDetail, at time: UInt64) {
        switch detail {
        case .facts(let value): facts = value
        case .residency(let value): residency = value
        case .limits(let value): limits = value
        }
        self.time = time
    }
}
