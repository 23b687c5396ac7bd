import VMScopeCore

/// Ring-buffer records as the eBPF program writes them (bpf/vmscope.h): a 24-byte header, then
/// the payload its kind names, so each record is only as long as its kind needs. The offsets
/// are the C structs' (every field naturally aligned, no padding; RecordDecoderTests checks
/// the sizes against the header): a fault is 40 bytes, brk and munmap 48, mprotect 56, an
/// anonymous mmap 72, a file mmap 88 plus its path's components, each NUL-terminated.
enum RecordBytes {
    static let headerSize = 24

    // enum vmscope_kind and the VMSCOPE_F_* flags.
    static let brk: UInt32 = 1, mmap: UInt32 = 2, munmap: UInt32 = 3, mprotect: UInt32 = 5, fault: UInt32 = 6
    static let named: UInt32 = 0x1, components: UInt32 = 0x2, rooted: UInt32 = 0x4

    static let pid: UInt32 = 4242
    static let libraryComponents = ["libssl.so.3", "x86_64-linux-gnu", "lib", "usr"]
    static let libraryPath = "/usr/lib/x86_64-linux-gnu/libssl.so.3"
    static let libraryDevice: UInt64 = 254 << 20
    static let libraryInode: UInt64 = 333_151

    /// Record `index` of the mixed drain: of every ten, four sampled faults, two anonymous
    /// mmaps, two munmaps, a brk, and an mprotect or (every other ten) a file mmap with a path.
    static func mixed(_ index: Int) -> [UInt8] {
        let address = 0x7f00_0000_0000 + UInt64(index) * 0x4_0000
        switch index % 10 {
        case 0, 3, 6, 9:
            // vmscope_fault_record: addr, error_code.
            return record(kind: fault, index: index) { $0.u64(address + 0x1234); $0.u64(6) }
        case 1, 4:
            return anonymousMmap(index: index, address: address)
        case 2, 5:
            // vmscope_range_record: addr, len, ret.
            return record(kind: munmap, index: index) { $0.u64(address - 0x10_0000); $0.u64(0x4_0000); $0.u64(0) }
        case 7:
            // vmscope_brk_record: requested, old_break, ret.
            let newBreak = 0x5555_5600_0000 + UInt64(index) * 0x1000
            return record(kind: brk, index: index) { $0.u64(newBreak); $0.u64(0x5555_5600_0000); $0.u64(newBreak) }
        default:
            // vmscope_range_arg_record: addr, len, ret, arg (prot), arg2.
            return index % 20 == 8 ? fileMmap(index: index)
                : record(kind: mprotect, index: index) { $0.u64(address); $0.u64(0x1000); $0.u64(0); $0.u32(1); $0.u32(0) }
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
                        offset: 0x1_0000,
                        file: MappedFile(path: libraryPath, device: libraryDevice, inode: libraryInode))
                : .mprotect(address: address, length: 0x1000, protection: .read)
        }
    }

    /// vmscope_mmap_record: addr, len, offset, ret, prot, flags, fd, pad.
    static func anonymousMmap(index: Int, address: UInt64, length: UInt64 = 0x4_0000) -> [UInt8] {
        record(kind: mmap, index: index) {
            $0.u64(0); $0.u64(length); $0.u64(0); $0.u64(address)
            $0.u32(3); $0.u32(0x22); $0.u32(UInt32(bitPattern: -1)); $0.u32(0)
        }
    }

    /// A successful file mmap of a library (vmscope_file_mmap_record: the mmap record, then
    /// device and inode), its path in components, basename first, as long as they are.
    static func fileMmap(index: Int) -> [UInt8] {
        let address = 0x7f00_0000_0000 + UInt64(index) * 0x4_0000
        var bytes = record(kind: mmap, index: index, flags: named | components | rooted) {
            $0.u64(0); $0.u64(0x2_0000); $0.u64(0x1_0000); $0.u64(address)
            $0.u32(1); $0.u32(0x802); $0.u32(5); $0.u32(0)
            $0.u64(libraryDevice); $0.u64(libraryInode)
        }
        for component in libraryComponents { bytes += Array(component.utf8) + [0] }
        return bytes
    }

    /// Little-endian field writer.
    struct Fields {
        var bytes: [UInt8] = []
        mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    }

    /// The header (timestamp u64 @0, tgid u32 @8, tid u32 @12, kind u32 @16, flags u32 @20),
    /// then the payload `body` writes.
    static func record(kind: UInt32, index: Int, flags: UInt32 = 0, _ body: (inout Fields) -> Void) -> [UInt8] {
        var fields = Fields()
        fields.bytes.reserveCapacity(headerSize + 64)
        fields.u64(UInt64(1_000_000_000 + index * 10_000))
        fields.u32(pid)
        fields.u32(pid + UInt32(index % 24))
        fields.u32(kind)
        fields.u32(flags)
        precondition(fields.bytes.count == headerSize)
        body(&fields)
        return fields.bytes
    }
}
