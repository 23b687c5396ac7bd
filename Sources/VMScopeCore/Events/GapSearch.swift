/// One search the kernel made for a free range to place a mapping in (`vm_unmapped_area`, the
/// `mmap:vm_unmapped_area` tracepoint): which window it searched, for how much, in which
/// direction, and what it found. A call that places a mapping without a fixed address (mmap,
/// a moving mremap, shmat, io_setup) makes one, or two on x86 when the top-down search fails
/// and the kernel tries bottom-up before giving up.
public struct GapSearch: Sendable, Hashable {
    public enum Direction: Sendable, Hashable {
        /// Down from `window.upperBound` (the mmap base): the default layout.
        case topDown
        /// Up from `window.lowerBound`: the legacy layout, and x86's fallback.
        case bottomUp
    }

    /// Bytes asked for (page-rounded, before alignment padding).
    public var length: UInt64
    /// `low_limit..<high_limit`: where the mapping had to fit.
    public var window: Range<UInt64>
    /// The start must satisfy `start & alignMask == alignOffset & alignMask` (0: pages).
    public var alignMask: UInt64
    public var alignOffset: UInt64
    public var direction: Direction
    /// Where the kernel placed it; nil when no gap in the window was large enough (ENOMEM).
    public var result: UInt64?
    /// Free bytes in `window`, and the largest single gap there, in the model just before the
    /// call; filled in by the Timeline for failed searches only (nil otherwise).
    public var freeInWindow: UInt64?
    public var largestGapInWindow: UInt64?

    public init(length: UInt64, window: Range<UInt64>, alignMask: UInt64 = 0, alignOffset: UInt64 = 0,
                direction: Direction, result: UInt64?, freeInWindow: UInt64? = nil, largestGapInWindow: UInt64? = nil) {
        self.length = length
        self.window = window
        self.alignMask = alignMask
        self.alignOffset = alignOffset
        self.direction = direction
        self.result = result
        self.freeInWindow = freeInWindow
        self.largestGapInWindow = largestGapInWindow
    }

    public var failed: Bool { result == nil }

    /// A failed search although the window had enough free space in total: no single gap was
    /// large enough. Known only once the Timeline has measured the window.
    public var isFragmentation: Bool {
        guard failed, let free = freeInWindow else { return false }
        return free >= length
    }

    /// The kernel keeps this much free below a stack that grows down (stack_guard_gap, 256 pages):
    /// no search may place a mapping there.
    static let stackGuardGap: UInt64 = 256 * 4096

    /// Free bytes in `window` of `regions` (sorted, non-overlapping) and the largest gap there,
    /// as a search sees them: the guard gap below the main stack is not free.
    public static func freeSpace(in window: Range<UInt64>, of regions: [Region]) -> (total: UInt64, largest: UInt64) {
        var total: UInt64 = 0, largest: UInt64 = 0
        var position = window.lowerBound
        var index = SortedRegions.firstIndex(endingAbove: window.lowerBound, in: regions)
        while position < window.upperBound {
            var next = index < regions.count ? min(max(regions[index].start, position), window.upperBound) : window.upperBound
            if index < regions.count, regions[index].kind == .stack, next == regions[index].start {
                next = max(position, next &- min(next, stackGuardGap))
            }
            let gap = next - position
            total += gap
            largest = max(largest, gap)
            guard index < regions.count else { break }
            position = max(position, regions[index].end)
            index += 1
        }
        return (total, largest)
    }
}
