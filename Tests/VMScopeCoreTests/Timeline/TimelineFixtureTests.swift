import Testing
@testable import VMScopeCore

/// Builders shared by the Timeline and SnapshotDiff tests (this file holds no tests itself).
enum TimelineFixture {
    static let page: UInt64 = 4096

    static func perms(_ text: String) -> Permissions {
        guard let permissions = Permissions(text) else { fatalError("bad permissions \(text)") }
        return permissions
    }

    static func anon(_ start: UInt64, _ end: UInt64, _ permissions: String = "rw-p",
                     name: String = "") -> Region {
        Region(start: start, end: end, permissions: perms(permissions), pathname: name,
               kind: name == "[heap]" ? .heap : name == "[stack]" ? .stack : .anonymous)
    }

    static func file(_ start: UInt64, _ end: UInt64, _ permissions: String, _ path: String,
                     offset: UInt64 = 0, inode: UInt64 = 0) -> Region {
        Region(start: start, end: end, permissions: perms(permissions), offset: offset,
               deviceMajor: inode == 0 ? 0 : 8, deviceMinor: inode == 0 ? 0 : 1, inode: inode,
               pathname: path, kind: .file)
    }

    static func heap(_ start: UInt64, _ end: UInt64) -> Region { anon(start, end, name: "[heap]") }
    static func stack(_ start: UInt64, _ end: UInt64) -> Region { anon(start, end, name: "[stack]") }

    /// A small but complete x86-64 process.
    static let program: [Region] = [
        file(0x40_0000, 0x40_1000, "r--p", "/usr/bin/prog", offset: 0, inode: 10),
        file(0x40_1000, 0x40_3000, "r-xp", "/usr/bin/prog", offset: 0x1000, inode: 10),
        file(0x40_3000, 0x40_4000, "rw-p", "/usr/bin/prog", offset: 0x3000, inode: 10),
        heap(0x100_0000, 0x102_1000),
        anon(0x7f00_0000_0000, 0x7f00_0001_0000),
        file(0x7f00_0010_0000, 0x7f00_0010_4000, "r-xp", "/usr/lib/libc.so.6", offset: 0, inode: 20),
        file(0x7f00_0010_4000, 0x7f00_0010_5000, "rw-p", "/usr/lib/libc.so.6", offset: 0x4000, inode: 20),
        stack(0x7fff_fffd_e000, 0x7fff_ffff_f000),
    ]

    static func snapshot(_ timestamp: UInt64, _ regions: [Region]) -> AddressSpaceSnapshot {
        AddressSpaceSnapshot(timestamp: timestamp, pid: 42, regions: regions)
    }

    static func event(_ timestamp: UInt64, _ kind: MemoryEventKind) -> MemoryEvent {
        MemoryEvent(timestamp: timestamp, tgid: 42, tid: 42, kind: kind)
    }

    static func applying(_ kinds: [MemoryEventKind], to regions: [Region]) -> [Region] {
        var editor = AddressSpaceEditor(regions: regions)
        for kind in kinds { editor.apply(kind) }
        return editor.regions
    }

    /// `regions` with the one starting at `start` replaced by `replacement` (any number).
    static func replacing(_ start: UInt64, in regions: [Region], with replacement: [Region]) -> [Region] {
        var result = regions.filter { $0.start != start }
        result.append(contentsOf: replacement)
        return result.sorted { $0.start < $1.start }
    }

    static func describe(_ regions: [Region]) -> String {
        AddressSpaceEditor.normalized(regions).map {
            String($0.start, radix: 16) + "-" + String($0.end, radix: 16) + " \($0.permissions) "
                + String($0.offset, radix: 16) + " " + $0.pathname
        }.joined(separator: "\n")
    }

    static let anonRW: MapFlags = [.private, .anonymous]
    static let rw: MapProtection = [.read, .write]
}

/// SplitMix64: a tiny deterministic generator so random-layout tests replay exactly per seed.
struct TimelineSeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
