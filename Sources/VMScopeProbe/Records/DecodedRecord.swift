import VMScopeCore

/// What one ring-buffer record said: an event on its own, or a piece of a kernel-read layout
/// that `LayoutAssembler` puts together with the rest.
enum DecodedRecord: Sendable, Hashable {
    case event(MemoryEvent)
    /// A fork whose child the kernel side added to the watched set (follow-children mode).
    case followedFork(MemoryEvent)
    case layoutRegion(LayoutRegionRecord)
    case layoutEnd(LayoutEndRecord)
    /// A search for a free range made inside a call of thread `tid`; the call's own record
    /// follows from that thread, and `BPFEventSource` puts the search on it.
    case gapSearch(tgid: Int32, tid: Int32, GapSearch)

    /// The process the record is about.
    var tgid: Int32 {
        switch self {
        case .event(let event), .followedFork(let event): event.tgid
        case .layoutRegion(let region): region.tgid
        case .layoutEnd(let end): end.tgid
        case .gapSearch(let tgid, _, _): tgid
        }
    }

    /// The event, for records that are one on their own.
    var event: MemoryEvent? {
        switch self {
        case .event(let event), .followedFork(let event): event
        case .layoutRegion, .layoutEnd, .gapSearch: nil
        }
    }
}
