import VMScopeCore

/// Ring-buffer records as the eBPF program writes them (bpf/vmscope.h). The offsets are the C
/// struct's: every field is naturally aligned and there is no padding, so `vmscope_event` is
/// 88 bytes and `vmscope_named_event` adds six 64-byte name slots (RecordDecoderTests checks
/// both sizes against the header).
enum RecordBytes {
    static let headerSize = 88
    static let nameSlots = 6
    static let nameSlotLength = 64

    // enum vmscope_kind and the VMSCOPE_F_* flags.
    static let brk: UInt32 = 1, mmap: UInt32 = 2, munmap: UInt32 = 3, mprotect: UInt32 = 5, fault: UInt32 = 6
    static let named: UInt32 = 0x1, components: UInt32 = 0x2, rooted: UInt32 = 0x4

    static let pid: UInt32 = 4242
    static let libraryComponents = ["libssl.so.3", "x86_64-linux-gnu", "lib", "usr"]
    static let libraryPath = "/usr/lib/x86_64-linux-gnu/libssl.so.3"

    /// Record `index` of the mixed drain: of every ten, four sampled faults, two anonymous
    /// mmaps, two munmaps, a brk, and an mprotect or (every other ten) a file mmap with a path.
    static func mixed(_ index: Int) -> [UInt8] {
        let address = 0x7f00_0000_0000 + UInt64(index) * 0x4_0000
        switch index % 10 {
        case 0, 3, 6, 9:
            return record(kind: fault, index: index, args: [address + 0x1234, 6])
        case 1, 4:
            return record(kind: mmap, index: index, ret: Int64(address), args: [0, 0x4_0000, 3, 0x22, UInt64(bitPattern: -1), 0])
        case 2, 5:
            return record(kind: munmap, index: index, args: [address - 0x10_0000, 0x4_0000])
        case 7:
            return record(kind: brk, index: index, ret: 0x5555_5600_0000 + Int64(index) * 0x1000, aux: 0x5555_5600_0000,
                          args: [0x5555_5600_0000 + UInt64(index) * 0x1000])
        default:
            return index % 20 == 8 ? fileMmap(index: index)
                : record(kind: mprotect, index: index, args: [address, 0x1000, 1])
        }
    }

    /// What `mixed(index)` must decode to.
    static func expectedKind(_ index: Int) -> MemoryEventKind {
        let address = 0x7f00_0000_0000 + UInt64(index) * 0x4_0000
        switch index % 10 {
        case 0, 3, 6, 9:
            return .pageFault(address: address + 0x1234, errorCode: 6)
        case 1, 4:
            return .mmap(address: address, length: 0x4_0000, protection: [.read, .write], flags: [.private, .anonymous],
                         fd: -1, offset: 0, file: nil)
        case 2, 5:
            return .munmap(address: address - 0x10_0000, length: 0x4_0000)
        case 7:
            let newBreak = 0x5555_5600_0000 + UInt64(index) * 0x1000
            return .brk(oldBreak: 0x5555_5600_0000, newBreak: newBreak, requested: newBreak)
        default:
            return index % 20 == 8
                ? .mmap(address: address, length: 0x2_0000, protection: .read, flags: [.private, .denyWrite], fd: 5,
                        offset: 0x1_0000, path: libraryPath)
                : .mprotect(address: address, length: 0x1000, protection: .read)
        }
    }

    /// A successful file mmap of a library, its path in components (basename first).
    static func fileMmap(index: Int) -> [UInt8] {
        let address = 0x7f00_0000_0000 + UInt64(index) * 0x4_0000
        var bytes = record(kind: mmap, index: index, flags: named | components | rooted, ret: Int64(address),
                           args: [0, 0x2_0000, 1, 0x802, 5, 0x1_0000])
        var names = [UInt8](repeating: 0, count: nameSlots * nameSlotLength)
        for (slot, component) in libraryComponents.enumerated() {
            names.replaceSubrange(slot * nameSlotLength..<(slot * nameSlotLength + component.utf8.count), with: component.utf8)
        }
        bytes += names
        return bytes
    }

    /// The 88-byte header: timestamp u64 @0, tgid u32 @8, tid u32 @12, kind u32 @16,
    /// flags u32 @20, ret s64 @24, aux u64 @32, args[6] u64 @40.
    static func record(kind: UInt32, index: Int, flags: UInt32 = 0, ret: Int64 = 0, aux: UInt64 = 0,
                       args: [UInt64]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize)
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        put(UInt64(1_000_000_000 + index * 10_000))
        put(pid)
        put(pid + UInt32(index % 24))
        put(kind)
        put(flags)
        put(ret)
        put(aux)
        for i in 0..<6 { put(i < args.count ? args[i] : 0) }
        precondition(bytes.count == headerSize)
        return bytes
    }
}
