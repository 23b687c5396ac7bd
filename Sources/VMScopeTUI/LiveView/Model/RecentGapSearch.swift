import VMScopeCore

/// The kernel's latest searches for room, remembered long enough for the bar to show one when
/// no log line is selected.
///
/// The newest search is shown for `duration` after its call. A storm of mmaps is a steady
/// bracket, not a flicker: each call renews the mark, and a storm's searches share one window
/// (the mmap base down to the lowest address), so only the result marker moves, and only when
/// the placements do. A failed search is held longer (`failureDuration`) and a later success
/// does not replace it: a program that fails to map usually carries on with smaller requests at
/// once, and the one search that says "fragmentation" would otherwise be gone in a frame.
struct RecentGapSearch {
    static let duration: UInt64 = 3_000_000_000
    static let failureDuration: UInt64 = 10_000_000_000

    private var latest: (search: GapSearch, timestamp: UInt64)?
    private var latestFailure: (search: GapSearch, timestamp: UInt64)?

    /// A call's searches: the last one is how the placement ended (x86 tries bottom-up after a
    /// failed top-down search), so it is the one remembered; a failure among them is held.
    mutating func note(_ searches: [GapSearch], timestamp: UInt64) {
        guard let last = searches.last else { return }
        latest = (last, timestamp)
        if let failure = searches.last(where: \.failed) { latestFailure = (failure, timestamp) }
    }

    /// What the bar shows at `now`, nil when nothing is recent enough.
    func shown(now: UInt64) -> GapSearch? {
        if let failure = latestFailure, Self.age(failure.timestamp, now) < Self.failureDuration {
            return failure.search
        }
        if let latest, Self.age(latest.timestamp, now) < Self.duration { return latest.search }
        return nil
    }

    /// Whether a mark is shown that will expire: the run loop keeps drawing until it has.
    func isShowing(now: UInt64) -> Bool { shown(now: now) != nil }

    private static func age(_ timestamp: UInt64, _ now: UInt64) -> UInt64 {
        now > timestamp ? now - timestamp : 0
    }
}
