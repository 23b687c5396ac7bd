/// Puts each event between the two moments under the changes whose regions its range overlaps.
///
/// The changes' regions are disjoint at each moment, so two sorted span lists (first moment,
/// second moment) answer "which changes does this range touch" by binary search: a storm of
/// 100 000 events over thousands of changes stays O(events · log changes).
enum DiffCauses {
    private struct Span {
        var range: Range<UInt64>
        var change: Int
    }

    static func attribute(_ events: [MemoryEvent], to changes: inout [RegionChange], cap: Int) {
        guard !changes.isEmpty else { return }
        var spansBefore: [Span] = []
        var spansAfter: [Span] = []
        for (index, change) in changes.enumerated() {
            for region in change.before { spansBefore.append(Span(range: region.start..<region.end, change: index)) }
            for region in change.after { spansAfter.append(Span(range: region.start..<region.end, change: index)) }
        }
        spansBefore.sort { $0.range.lowerBound < $1.range.lowerBound }
        spansAfter.sort { $0.range.lowerBound < $1.range.lowerBound }

        // The last event each change heard of: one event touching a change at several ranges
        // (an mremap's two ends) is listed once.
        var lastEvent = [Int](repeating: -1, count: changes.count)
        for (eventIndex, event) in events.enumerated() {
            if let bucket = EventFootprint.faultBucket(of: event.kind) {
                visit(bucket.range, spansBefore, spansAfter) { change in
                    guard lastEvent[change] != eventIndex else { return }
                    lastEvent[change] = eventIndex
                    changes[change].faults &+= bucket.count
                }
                continue
            }
            for range in EventFootprint.ranges(of: event.kind) {
                visit(range, spansBefore, spansAfter) { change in
                    guard lastEvent[change] != eventIndex else { return }
                    lastEvent[change] = eventIndex
                    // The latest are kept: they made the second moment's state (the mmap that
                    // made an added region comes after whatever was at its address before).
                    changes[change].events.append(event)
                    if changes[change].events.count > cap {
                        changes[change].events.removeFirst()
                        changes[change].moreEvents += 1
                    }
                }
            }
        }
    }

    private static func visit(_ range: Range<UInt64>, _ first: [Span], _ second: [Span], _ body: (Int) -> Void) {
        for spans in [first, second] {
            var index = spans.partitionPoint { $0.range.upperBound > range.lowerBound }
            while index < spans.count, spans[index].range.lowerBound < range.upperBound {
                body(spans[index].change)
                index += 1
            }
        }
    }
}
