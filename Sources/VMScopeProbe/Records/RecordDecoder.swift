import CProbe
import Glibc
import VMScopeCore

/// Turns one ring-buffer record (bpf/vmscope.h layout) into a `MemoryEvent`. Pure: no I/O, so
/// the rules (what counts as a failure, which argument is which) are testable on bytes.
enum RecordDecoder {
    /// A decoded record plus what the event source needs beyond the event itself.
    struct Decoded {
        var event: MemoryEvent
        /// fork: the kernel added the child to the watched set (follow-children mode).
        var childFollowed = false
    }

    static let headerSize = MemoryLayout<vmscope_event>.size
    static let namedSize = MemoryLayout<vmscope_named_event>.size
    static let nameSlotLength = Int(VMSCOPE_NAME_SLOT_LEN)
    static let nameSlots = Int(VMSCOPE_NAME_SLOTS)

    static func decode(_ record: UnsafeRawBufferPointer) -> Decoded? {
        guard record.count >= headerSize, let base = record.baseAddress else { return nil }
        let header = base.loadUnaligned(as: vmscope_event.self)
        var name: UnsafeRawBufferPointer?
        if header.flags & VMSCOPE_F_NAMED != 0 {
            guard record.count >= namedSize else { return nil }
            name = UnsafeRawBufferPointer(rebasing: record[headerSize..<namedSize])
        }
        guard let kind = decodeKind(header, name: name) else { return nil }
        let event = MemoryEvent(timestamp: header.timestamp, tgid: Int32(bitPattern: header.tgid),
                                tid: Int32(bitPattern: header.tid), kind: kind)
        return Decoded(event: event,
                       childFollowed: header.kind == VMSCOPE_EV_FORK.rawValue
                           && header.flags & VMSCOPE_F_FOLLOWED != 0)
    }

    /// -4095...-1 is how every syscall here reports an errno.
    static func errnoOf(_ ret: Int64) -> Int32? {
        (-4095 ... -1).contains(ret) ? Int32(-ret) : nil
    }

    private static func decodeKind(_ e: vmscope_event, name: UnsafeRawBufferPointer?) -> MemoryEventKind? {
        // The C array arrives as a tuple; read as one, it costs no allocation per record.
        let args = e.args
        let ret = e.ret
        switch e.kind {
        case VMSCOPE_EV_BRK.rawValue:
            // brk returns the new break; any other value means the kernel kept the old one.
            let requested = args.0
            if UInt64(bitPattern: ret) != requested {
                return .failed(syscall: .brk, errno: errnoOf(ret) ?? ENOMEM, address: requested, length: 0)
            }
            return .brk(oldBreak: e.aux, newBreak: UInt64(bitPattern: ret), requested: requested)
        case VMSCOPE_EV_MMAP.rawValue:
            if let code = errnoOf(ret) {
                return .failed(syscall: .mmap, errno: code, address: args.0, length: args.1)
            }
            return .mmap(address: UInt64(bitPattern: ret), length: args.1,
                         protection: MapProtection(rawValue: UInt32(truncatingIfNeeded: args.2)),
                         flags: MapFlags(rawValue: UInt32(truncatingIfNeeded: args.3)),
                         fd: Int32(truncatingIfNeeded: args.4), offset: args.5,
                         file: name.flatMap { path(fromName: $0, flags: e.flags) }.map { MappedFile(path: $0) })
        case VMSCOPE_EV_MUNMAP.rawValue:
            if let code = errnoOf(ret) {
                return .failed(syscall: .munmap, errno: code, address: args.0, length: args.1)
            }
            return .munmap(address: args.0, length: args.1)
        case VMSCOPE_EV_MREMAP.rawValue:
            if let code = errnoOf(ret) {
                return .failed(syscall: .mremap, errno: code, address: args.0, length: args.1)
            }
            return .mremap(oldAddress: args.0, oldLength: args.1, newAddress: UInt64(bitPattern: ret),
                           newLength: args.2, flags: UInt32(truncatingIfNeeded: args.3))
        case VMSCOPE_EV_MPROTECT.rawValue:
            if let code = errnoOf(ret) {
                return .failed(syscall: .mprotect, errno: code, address: args.0, length: args.1)
            }
            return .mprotect(address: args.0, length: args.1,
                             protection: MapProtection(rawValue: UInt32(truncatingIfNeeded: args.2)))
        case VMSCOPE_EV_FAULT.rawValue:
            return .pageFault(address: args.0, errorCode: args.1)
        case VMSCOPE_EV_FORK.rawValue:
            return .fork(childPid: Int32(truncatingIfNeeded: args.0),
                         isThread: UInt32(truncatingIfNeeded: args.1) == e.tgid)
        case VMSCOPE_EV_EXEC.rawValue:
            return .exec(filename: name.map { flatString($0) } ?? "")
        case VMSCOPE_EV_EXIT.rawValue:
            return .exit(status: Int32(truncatingIfNeeded: args.0))
        default:
            return nil // a newer kernel side; ignore rather than misread
        }
    }

    /// The kernel's view of a mapped file: dentry names basename-first, one per slot. A walk
    /// that reached the root gives an absolute path; a cut-off walk is marked with "…/".
    static func path(fromName name: UnsafeRawBufferPointer, flags: UInt32) -> String? {
        guard flags & VMSCOPE_F_COMPONENTS != 0 else {
            let flat = flatString(name)
            return flat.isEmpty ? nil : flat
        }
        var components: [String] = []
        for slot in 0..<nameSlots {
            let start = slot * nameSlotLength
            guard start + nameSlotLength <= name.count else { break }
            let component = flatString(UnsafeRawBufferPointer(rebasing: name[start..<start + nameSlotLength]))
            if component.isEmpty { break }
            components.append(component)
        }
        guard !components.isEmpty else { return nil }
        let joined = components.reversed().joined(separator: "/")
        return flags & VMSCOPE_F_ROOTED != 0 ? "/" + joined : "…/" + joined
    }

    /// Bytes up to the first NUL, as UTF-8 (invalid bytes become U+FFFD; display code escapes).
    static func flatString(_ bytes: UnsafeRawBufferPointer) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
    }
}
