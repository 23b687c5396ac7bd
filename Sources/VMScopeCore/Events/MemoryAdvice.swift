/// madvise's advice argument, with Linux's names.
public struct MemoryAdvice: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let dontNeed = MemoryAdvice(rawValue: 4)
    public static let free = MemoryAdvice(rawValue: 8)
    public static let remove = MemoryAdvice(rawValue: 9)
    public static let hugePage = MemoryAdvice(rawValue: 14)
    public static let noHugePage = MemoryAdvice(rawValue: 15)

    private static let names: [Int32: String] = [
        0: "NORMAL", 1: "RANDOM", 2: "SEQUENTIAL", 3: "WILLNEED", 4: "DONTNEED", 8: "FREE",
        9: "REMOVE", 10: "DONTFORK", 11: "DOFORK", 12: "MERGEABLE", 13: "UNMERGEABLE",
        14: "HUGEPAGE", 15: "NOHUGEPAGE", 16: "DONTDUMP", 17: "DODUMP", 18: "WIPEONFORK",
        19: "KEEPONFORK", 20: "COLD", 21: "PAGEOUT", 22: "POPULATE_READ", 23: "POPULATE_WRITE",
        24: "DONTNEED_LOCKED", 25: "COLLAPSE", 100: "HWPOISON", 101: "SOFT_OFFLINE",
        102: "GUARD_INSTALL", 103: "GUARD_REMOVE",
    ]

    /// `DONTNEED`; an advice this table does not know is shown as its number.
    public var description: String { Self.names[rawValue] ?? String(rawValue) }

    /// Advice after which the range's pages are no longer resident (RSS drops, no region
    /// changes): the allocator giving memory back.
    public var releasesMemory: Bool {
        [4, 8, 9, 21, 24].contains(rawValue)
    }
}
