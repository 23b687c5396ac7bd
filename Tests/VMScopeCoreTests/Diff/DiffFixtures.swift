@testable import VMScopeCore

/// Hand-built regions and events for the diff tests: a small process with a heap, a library
/// and some anonymous memory, as the classifier would have labelled it.
enum DiffFixtures {
    static let mib: UInt64 = 1 << 20
    static let heapStart: UInt64 = 0x5555_5600_0000
    static let libStart: UInt64 = 0x7f00_0000_0000
    static let anonStart: UInt64 = 0x7f10_0000_0000

    static func region(_ start: UInt64, _ end: UInt64, _ perms: String = "rw-p", kind: RegionKind = .anonymous,
                       path: String = "", inode: UInt64 = 0, offset: UInt64 = 0) -> Region {
        Region(start: start, end: end, permissions: Permissions(perms)!, offset: offset,
               deviceMajor: inode == 0 ? 0 : 8, inode: inode, pathname: path, kind: kind)
    }

    static func heap(_ size: UInt64) -> Region {
        region(heapStart, heapStart + size, kind: .heap, path: "[heap]")
    }

    static let libraryText = region(libStart, libStart + 0x20_0000, "r-xp", kind: .libraryText,
                                    path: "/usr/lib/libc.so.6", inode: 42)

    static func anon(_ start: UInt64, _ size: UInt64, _ perms: String = "rw-p") -> Region {
        region(start, start + size, perms)
    }

    static func event(_ time: UInt64, _ kind: MemoryEventKind, stack: UserStack? = nil) -> MemoryEvent {
        MemoryEvent(timestamp: time, tgid: 100, tid: 100, kind: kind, stack: stack)
    }

    static func mmap(_ time: UInt64, _ address: UInt64, _ length: UInt64, stack: UserStack? = nil) -> MemoryEvent {
        event(time, .mmap(address: address, length: length, protection: [.read, .write],
                          flags: [.private, .anonymous], fd: -1, offset: 0, file: nil), stack: stack)
    }

    static func residency(_ figures: [(Region, UInt64)]) -> ResidencyTable {
        var table = ResidencyTable()
        for (region, resident) in figures {
            table.add(start: region.start, end: region.end, RegionResidency(resident: resident))
        }
        return table
    }
}
