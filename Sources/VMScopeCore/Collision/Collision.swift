/// The moment the heap and the mmap area meet, as one call shows it: a brk the kernel refused
/// because a mapping sits where the heap would grow, or an mmap the kernel had to place on the
/// far side of the heap (between the program's image and the heap) or below the program's image,
/// because the space it normally fills (from the mmap base down to the heap) had no gap left.
///
/// Produced by `CollisionDetector` against the layout just before the call; the Timeline puts it
/// on the call's event (`MemoryEvent.collision`), so trace, JSON and the live view read one
/// verdict.
public struct Collision: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// brk asked for `requested` (above the break) and the kernel kept the old break: the
        /// heap cannot grow because `blockedBy` starts within a page of the new break (Linux
        /// reports this by returning the old break, not an error).
        case brkRefused(requested: UInt64, blockedBy: Region)
        /// The first mapping placed below the lowest address of the program's image: everything
        /// from the mmap base down to the image (and the gap between image and heap) was full.
        case mmapBelowExecutable(imageStart: UInt64)
        /// The first mapping placed between the program's image and the heap's start: the mmap
        /// area has grown past the heap.
        case mmapBelowHeap(heapStart: UInt64)
    }

    public var kind: Kind
    /// What the call wanted or got: the break's growth (old break to the page after
    /// `requested`), or the new mapping.
    public var range: Range<UInt64>
    /// One line for people, e.g. `brk to 0x5bb16000 refused: mapping at 0x57d4a000 in the way`.
    /// Any path in it is already escaped.
    public var reason: String

    public init(kind: Kind, range: Range<UInt64>, reason: String) {
        self.kind = kind
        self.range = range
        self.reason = reason
    }

    /// `brk-refused`, `mmap-below-executable`, `mmap-below-heap`: the JSON `collision.kind`.
    public var label: String {
        switch kind {
        case .brkRefused: "brk-refused"
        case .mmapBelowExecutable: "mmap-below-executable"
        case .mmapBelowHeap: "mmap-below-heap"
        }
    }
}
