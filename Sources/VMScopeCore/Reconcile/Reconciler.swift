/// Compares the layout a timeline's events predicted with the layout a snapshot shows, range by
/// range, and sorts the differences into unexplained and expected ones.
///
/// The comparison walks both sorted lists together over every boundary either has, so it does not
/// care where each side put its region boundaries (the kernel merges VMAs, events split them):
/// only coverage and permissions are compared. Names and offsets are not — an mmap event may not
/// know its file's path.
public enum Reconciler {
    public struct Outcome: Sendable, Hashable {
        public var unexplained: [ReconcileDifference]
        public var expected: [ReconcileDifference]
    }

    /// The pathname the kernel gives the main thread's stack.
    public static let stackPathname = "[stack]"

    /// - Parameters:
    ///   - predicted: the layout from the previous snapshot plus the events since (sorted).
    ///   - actual: the new snapshot's regions (sorted).
    ///   - lostEvents: records lost since the previous snapshot; when non-zero every difference
    ///     is put down to the loss.
    ///   - execHappened: the process executed a program in between, so mappings the snapshot has
    ///     and the events did not announce were made by the kernel's program loader.
    public static func compare(predicted: [Region], actual: [Region], lostEvents: UInt64 = 0,
                               execHappened: Bool = false) -> Outcome {
        var outcome = Outcome(unexplained: [], expected: [])
        var pending: ReconcileDifference?

        func flush() {
            guard let difference = pending else { return }
            if difference.explanation == nil {
                outcome.unexplained.append(difference)
            } else {
                outcome.expected.append(difference)
            }
            pending = nil
        }

        overlay(predicted, actual) { range, predictedRegion, actualRegion in
            let mismatch: ReconcileMismatch
            switch (predictedRegion, actualRegion) {
            case let (predictedRegion?, actualRegion?):
                guard predictedRegion.permissions != actualRegion.permissions else {
                    flush()
                    return
                }
                mismatch = .permissions(predicted: predictedRegion.permissions,
                                        actual: actualRegion.permissions)
            case let (predictedRegion?, nil):
                mismatch = .onlyPredicted(permissions: predictedRegion.permissions,
                                          pathname: predictedRegion.pathname)
            case let (nil, actualRegion?):
                mismatch = .onlyInSnapshot(permissions: actualRegion.permissions,
                                           pathname: actualRegion.pathname)
            case (nil, nil):
                flush()
                return
            }
            let explanation = explain(mismatch, lostEvents: lostEvents, execHappened: execHappened)
            // Neighbouring pieces of one difference (split only by a boundary on one side) are
            // one difference.
            if var current = pending, current.end == range.lowerBound, current.mismatch == mismatch,
               current.explanation == explanation {
                current.end = range.upperBound
                pending = current
                return
            }
            flush()
            pending = ReconcileDifference(start: range.lowerBound, end: range.upperBound,
                                          mismatch: mismatch, explanation: explanation)
        }
        flush()
        return outcome
    }

    /// The parts of `range` where `predicted` and `actual` differ in coverage or permissions.
    /// O(log n + regions in the range).
    static func mismatches(predicted: [Region], actual: [Region], within range: Range<UInt64>) -> [Range<UInt64>] {
        var result: [Range<UInt64>] = []
        overlay(clip(predicted, to: range), clip(actual, to: range)) { piece, left, right in
            let same = switch (left, right) {
            case let (left?, right?): left.permissions == right.permissions
            case (nil, nil): true
            default: false
            }
            guard !same else { return }
            if let last = result.last, last.upperBound == piece.lowerBound {
                result[result.count - 1] = last.lowerBound..<piece.upperBound
            } else {
                result.append(piece)
            }
        }
        return result
    }

    /// The regions of a sorted layout that overlap `range`, cut to it.
    static func clip(_ regions: [Region], to range: Range<UInt64>) -> [Region] {
        let first = SortedRegions.firstIndex(endingAbove: range.lowerBound, in: regions)
        var clipped: [Region] = []
        var index = first
        while index < regions.count, regions[index].start < range.upperBound {
            var region = regions[index]
            region.start = max(region.start, range.lowerBound)
            region.end = min(region.end, range.upperBound)
            clipped.append(region)
            index += 1
        }
        return clipped
    }

    static func explain(_ mismatch: ReconcileMismatch, lostEvents: UInt64,
                        execHappened: Bool) -> ReconcileExplanation? {
        if case let .onlyInSnapshot(_, pathname) = mismatch {
            if pathname == stackPathname { return .stackGrowth }
            if execHappened { return .createdAtExec }
        }
        return lostEvents > 0 ? .eventsLost : nil
    }

    /// Walks two sorted, non-overlapping layouts together, calling `body` for every maximal range
    /// in which neither side changes region, with the region each side has there (nil in a gap).
    /// Ranges where both sides have gaps are skipped. O(left + right).
    static func overlay(_ left: [Region], _ right: [Region],
                        _ body: (Range<UInt64>, Region?, Region?) -> Void) {
        var leftIndex = 0
        var rightIndex = 0
        var position: UInt64 = 0
        while leftIndex < left.count || rightIndex < right.count {
            let leftRegion = leftIndex < left.count ? left[leftIndex] : nil
            let rightRegion = rightIndex < right.count ? right[rightIndex] : nil
            // Jump over a gap both sides share.
            let nextLeft = leftRegion.map { max($0.start, position) } ?? .max
            let nextRight = rightRegion.map { max($0.start, position) } ?? .max
            position = min(nextLeft, nextRight)

            var end = UInt64.max
            let leftInside = leftRegion.map { $0.start <= position } ?? false
            let rightInside = rightRegion.map { $0.start <= position } ?? false
            if let leftRegion { end = min(end, leftInside ? leftRegion.end : leftRegion.start) }
            if let rightRegion { end = min(end, rightInside ? rightRegion.end : rightRegion.start) }

            if end > position {
                body(position..<end, leftInside ? leftRegion : nil, rightInside ? rightRegion : nil)
                position = end
            }
            if let leftRegion, leftRegion.end <= position { leftIndex += 1 }
            if let rightRegion, rightRegion.end <= position { rightIndex += 1 }
        }
    }
}
