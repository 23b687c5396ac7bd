import CProbe
import Glibc
import VMScopeCore

/// Turns one ring-buffer record (bpf/vmscope.h layout: a header, then the payload its kind
/// names) into what it says. Pure: no I/O, so the rules (what counts as a failure, which field
/// is which, how a name is rebuilt) are testable on bytes. A record shorter than its kind
/// needs, or of a kind this build does not know, decodes to nil.
enum RecordDecoder {
    static func decode(_ record: UnsafeRawBufferPointer) -> DecodedRecord? {
        guard record.count >= MemoryLayout<vmscope_header>.size, let base = record.baseAddress else { return nil }
        let header = base.loadUnaligned(as: vmscope_header.self)
        // The records sent at a call's exit say which table the call came through.
        let abi: SyscallABI? = header.kind < 64 && callKinds & (1 << UInt64(header.kind)) != 0
            ? (header.flags & VMSCOPE_F_COMPAT != 0 ? .i386 : .x86_64) : nil
        func event(_ kind: MemoryEventKind?, stack: UserStack? = nil) -> DecodedRecord? {
            kind.map { .event(MemoryEvent(timestamp: header.timestamp, tgid: Int32(bitPattern: header.tgid),
                                          tid: Int32(bitPattern: header.tid), kind: $0, abi: abi, stack: stack)) }
        }
        /// The user stack after a brk, munmap or mremap record's fixed part `T` (nil: none);
        /// `.none` when the header claims one the record cannot hold.
        func stack<T>(after type: T.Type) -> UserStack?? {
            StackTail.decode(record, fixedSize: MemoryLayout<T>.size, flags: header.flags).map(\.stack)
        }
        switch header.kind {
        case VMSCOPE_EV_BRK.rawValue:
            guard let r = load(vmscope_brk_record.self, record), let stack = stack(after: vmscope_brk_record.self)
            else { return nil }
            // brk returns the new break; any other value means the kernel kept the old one.
            if UInt64(bitPattern: r.ret) != r.requested {
                return event(.failed(syscall: .brk, errno: errnoOf(r.ret) ?? ENOMEM, address: r.requested, length: 0),
                             stack: stack)
            }
            return event(.brk(oldBreak: r.old_break, newBreak: UInt64(bitPattern: r.ret), requested: r.requested),
                         stack: stack)
        case VMSCOPE_EV_MMAP.rawValue:
            guard let (kind, stack) = mmap(record, flags: header.flags) else { return nil }
            return event(kind, stack: stack)
        case VMSCOPE_EV_MUNMAP.rawValue:
            guard let r = load(vmscope_range_record.self, record), let stack = stack(after: vmscope_range_record.self)
            else { return nil }
            return event(range(r, .munmap) { .munmap(address: r.addr, length: r.len) }, stack: stack)
        case VMSCOPE_EV_MREMAP.rawValue:
            guard let r = load(vmscope_mremap_record.self, record), let stack = stack(after: vmscope_mremap_record.self)
            else { return nil }
            if let code = errnoOf(r.ret) {
                return event(.failed(syscall: .mremap, errno: code, address: r.old_addr, length: r.old_len),
                             stack: stack)
            }
            return event(.mremap(oldAddress: r.old_addr, oldLength: r.old_len, newAddress: UInt64(bitPattern: r.ret),
                                 newLength: r.new_len, flags: r.flags), stack: stack)
        case VMSCOPE_EV_MPROTECT.rawValue:
            guard let r = load(vmscope_range_arg_record.self, record) else { return nil }
            return event(range(r.r, .mprotect) {
                .mprotect(address: r.r.addr, length: r.r.len, protection: MapProtection(rawValue: r.arg))
            })
        case VMSCOPE_EV_PKEY_MPROTECT.rawValue:
            guard let r = load(vmscope_range_arg_record.self, record) else { return nil }
            return event(range(r.r, .pkeyMprotect) {
                .pkeyMprotect(address: r.r.addr, length: r.r.len, protection: MapProtection(rawValue: r.arg), pkey: r.arg2)
            })
        case VMSCOPE_EV_MADVISE.rawValue:
            guard let r = load(vmscope_range_arg_record.self, record) else { return nil }
            return event(range(r.r, .madvise) {
                .madvise(address: r.r.addr, length: r.r.len, advice: MemoryAdvice(rawValue: Int32(bitPattern: r.arg)))
            })
        case VMSCOPE_EV_MLOCK.rawValue:
            guard let r = load(vmscope_range_arg_record.self, record),
                  let call = MemorySyscall(rawValue: r.arg2), lockCalls.contains(call) else { return nil }
            return event(range(r.r, call) {
                .memoryLock(call: call, address: r.r.addr, length: r.r.len, flags: r.arg)
            })
        case VMSCOPE_EV_MSEAL.rawValue:
            guard let r = load(vmscope_range_arg_record.self, record) else { return nil }
            return event(range(r.r, .mseal) { .mseal(address: r.r.addr, length: r.r.len, flags: UInt64(r.arg)) })
        case VMSCOPE_EV_SHMAT.rawValue:
            guard let r = load(vmscope_range_arg_record.self, record) else { return nil }
            if let code = errnoOf(r.r.ret) {
                return event(.failed(syscall: .shmat, errno: code, address: r.r.addr, length: 0))
            }
            return event(.shmat(address: UInt64(bitPattern: r.r.ret), length: r.r.len, shmid: r.arg2,
                                readOnly: r.arg & shmReadOnly != 0))
        case VMSCOPE_EV_SHMDT.rawValue:
            guard let r = load(vmscope_range_record.self, record) else { return nil }
            if let code = errnoOf(r.ret) {
                return event(.failed(syscall: .shmdt, errno: code, address: r.addr, length: 0))
            }
            return event(.shmdt(address: r.addr, length: r.len))
        case VMSCOPE_EV_AIO_SETUP.rawValue:
            guard let r = load(vmscope_range_record.self, record) else { return nil }
            if let code = errnoOf(r.ret) {
                return event(.failed(syscall: .ioSetup, errno: code, address: 0, length: 0))
            }
            return event(.aioSetup(address: r.addr, length: r.len))
        case VMSCOPE_EV_AIO_DESTROY.rawValue:
            guard let r = load(vmscope_range_record.self, record) else { return nil }
            if let code = errnoOf(r.ret) {
                return event(.failed(syscall: .ioDestroy, errno: code, address: r.addr, length: 0))
            }
            return event(.aioDestroy(address: r.addr, length: r.len))
        case VMSCOPE_EV_FAULT.rawValue:
            guard let r = load(vmscope_fault_record.self, record) else { return nil }
            return event(.pageFault(address: r.addr, errorCode: r.error_code))
        case VMSCOPE_EV_FORK.rawValue:
            guard let r = load(vmscope_fork_record.self, record) else { return nil }
            let kind = MemoryEventKind.fork(childPid: Int32(bitPattern: r.child_tid), isThread: r.child_tgid == header.tgid)
            guard case .event(let e)? = event(kind) else { return nil }
            return header.flags & VMSCOPE_F_FOLLOWED != 0 ? .followedFork(e) : .event(e)
        case VMSCOPE_EV_EXEC.rawValue:
            guard load(vmscope_exec_record.self, record) != nil else { return nil }
            let name = tail(record, after: vmscope_exec_record.self, flags: header.flags)
            return event(.exec(filename: name.map(flatString) ?? ""))
        case VMSCOPE_EV_EXIT.rawValue:
            guard let r = load(vmscope_exit_record.self, record) else { return nil }
            return event(.exit(status: r.status))
        case VMSCOPE_EV_EXEC_START.rawValue:
            guard load(vmscope_syscall_record.self, record) != nil else { return nil }
            return event(.execStarted)
        case VMSCOPE_EV_EXEC_FAILED.rawValue:
            guard let r = load(vmscope_syscall_record.self, record),
                  let call = MemorySyscall(rawValue: Int32(bitPattern: r.nr)), call == .execve || call == .execveat
            else { return nil }
            return event(.failed(syscall: call, errno: errnoOf(r.ret) ?? 0, address: 0, length: 0))
        case VMSCOPE_EV_LAYOUT_VMA.rawValue:
            return layoutRegion(record, header: header)
        case VMSCOPE_EV_LAYOUT_END.rawValue:
            guard let r = load(vmscope_layout_end_record.self, record) else { return nil }
            return .layoutEnd(LayoutEndRecord(
                tgid: Int32(bitPattern: header.tgid), timestamp: header.timestamp, moment: moment(header.flags),
                count: r.count, isIncomplete: header.flags & VMSCOPE_F_INCOMPLETE != 0,
                hasVsyscall: header.flags & VMSCOPE_F_VSYSCALL != 0))
        case VMSCOPE_EV_GAP_SEARCH.rawValue:
            guard let r = load(vmscope_gap_search_record.self, record) else { return nil }
            let search = GapSearch(length: r.length, window: r.low_limit..<max(r.low_limit, r.high_limit),
                                   alignMask: r.align_mask, alignOffset: r.align_offset,
                                   direction: r.search_flags & gapSearchTopDown != 0 ? .topDown : .bottomUp,
                                   result: errnoOf(r.addr) == nil ? UInt64(bitPattern: r.addr) : nil)
            return .gapSearch(tgid: Int32(bitPattern: header.tgid), tid: Int32(bitPattern: header.tid), search)
        default:
            return nil // a newer kernel side; ignore rather than misread
        }
    }

    /// Kinds of the records a system call's exit sends, one bit each (a bit test per record, no
    /// hashing: every record of a storm is decoded). exec_started is a moment inside exec, not a
    /// call's outcome, and is sent from outside the call too.
    private static let callKinds: UInt64 = [
        VMSCOPE_EV_BRK, VMSCOPE_EV_MMAP, VMSCOPE_EV_MUNMAP, VMSCOPE_EV_MREMAP, VMSCOPE_EV_MPROTECT,
        VMSCOPE_EV_PKEY_MPROTECT, VMSCOPE_EV_MADVISE, VMSCOPE_EV_MLOCK, VMSCOPE_EV_MSEAL, VMSCOPE_EV_SHMAT,
        VMSCOPE_EV_SHMDT, VMSCOPE_EV_AIO_SETUP, VMSCOPE_EV_AIO_DESTROY, VMSCOPE_EV_EXEC_FAILED,
    ].reduce(0) { $0 | 1 << UInt64($1.rawValue) }
    /// VM_UNMAPPED_AREA_TOPDOWN in the search's flags.
    private static let gapSearchTopDown: UInt32 = 1

    /// -4095...-1 is how every syscall here reports an errno.
    static func errnoOf(_ ret: Int64) -> Int32? {
        (-4095 ... -1).contains(ret) ? Int32(-ret) : nil
    }

    private static let lockCalls: Set<MemorySyscall> = [.mlock, .munlock, .mlock2, .mlockall, .munlockall]
    /// SHM_RDONLY in shmat's flags.
    private static let shmReadOnly: UInt32 = 0o10000

    /// The fixed part of a record as `T`, or nil when the record is too short for it.
    private static func load<T>(_ type: T.Type, _ record: UnsafeRawBufferPointer) -> T? {
        guard record.count >= MemoryLayout<T>.size, let base = record.baseAddress else { return nil }
        return base.loadUnaligned(as: T.self)
    }

    /// The name after a record's fixed part `T`, when the header says it has one.
    private static func tail<T>(_ record: UnsafeRawBufferPointer, after type: T.Type, flags: UInt32) -> UnsafeRawBufferPointer? {
        tail(record, at: MemoryLayout<T>.size, flags: flags)
    }

    /// The name from `offset` on, when the header says the record has one.
    private static func tail(_ record: UnsafeRawBufferPointer, at offset: Int, flags: UInt32) -> UnsafeRawBufferPointer? {
        guard flags & VMSCOPE_F_NAMED != 0, record.count > offset else { return nil }
        return UnsafeRawBufferPointer(rebasing: record[offset...])
    }

    /// A call on a range: its failure, or what `success` says it did.
    private static func range(_ r: vmscope_range_record, _ call: MemorySyscall,
                              success: () -> MemoryEventKind) -> MemoryEventKind {
        if let code = errnoOf(r.ret) {
            return .failed(syscall: call, errno: code, address: r.addr, length: r.len)
        }
        return success()
    }

    /// An mmap record: the fixed part (with the file's identity when named), then the user
    /// stack if any, then the name.
    private static func mmap(_ record: UnsafeRawBufferPointer, flags: UInt32) -> (MemoryEventKind, UserStack?)? {
        guard let m = load(vmscope_mmap_record.self, record) else { return nil }
        let named = flags & VMSCOPE_F_NAMED != 0
        let fixedSize = named ? MemoryLayout<vmscope_file_mmap_record>.size : MemoryLayout<vmscope_mmap_record>.size
        guard record.count >= fixedSize, let stackTail = StackTail.decode(record, fixedSize: fixedSize, flags: flags)
        else { return nil }
        if let code = errnoOf(m.ret) {
            return (.failed(syscall: .mmap, errno: code, address: m.addr, length: m.len), stackTail.stack)
        }
        var file: MappedFile?
        if named, let identity = load(vmscope_file_mmap_record.self, record) {
            let name = tail(record, at: stackTail.end, flags: flags)
            if let path = name.flatMap({ path(fromName: $0, flags: flags) }) {
                file = MappedFile(path: path, device: identity.file.device, inode: identity.file.inode)
            }
        }
        return (.mmap(address: UInt64(bitPattern: m.ret), length: m.len, protection: MapProtection(rawValue: m.prot),
                      flags: MapFlags(rawValue: m.flags), fd: m.fd, offset: m.offset, file: file), stackTail.stack)
    }

    private static func moment(_ flags: UInt32) -> KernelLayout.Moment {
        flags & VMSCOPE_F_EXIT_LAYOUT != 0 ? .exit : .exec
    }

    /// One VMA of a kernel layout as the Region /proc/PID/maps would show (kind left for the
    /// engine to classify).
    private static func layoutRegion(_ record: UnsafeRawBufferPointer, header: vmscope_header) -> DecodedRecord? {
        guard let v = load(vmscope_vma_record.self, record), v.end >= v.start else { return nil }
        let flags = header.flags
        var pathname = ""
        if let name = tail(record, after: vmscope_vma_record.self, flags: flags) {
            pathname = flags & VMSCOPE_F_COMPONENTS != 0 ? path(fromName: name, flags: flags) ?? "" : flatString(name)
        } else if flags & VMSCOPE_F_HEAP != 0 {
            pathname = "[heap]"
        } else if flags & VMSCOPE_F_STACK != 0 {
            pathname = "[stack]"
        }
        let permissions = Permissions(read: v.vm_flags & VMSCOPE_VM_READ != 0, write: v.vm_flags & VMSCOPE_VM_WRITE != 0,
                                      execute: v.vm_flags & VMSCOPE_VM_EXEC != 0,
                                      shared: v.vm_flags & VMSCOPE_VM_MAYSHARE != 0)
        let region = Region(start: v.start, end: v.end, permissions: permissions, offset: v.offset,
                            deviceMajor: UInt32(truncatingIfNeeded: v.file.device >> 20),
                            deviceMinor: UInt32(truncatingIfNeeded: v.file.device & 0xfffff),
                            inode: v.file.inode, pathname: pathname,
                            isDeleted: flags & VMSCOPE_F_DELETED != 0)
        return .layoutRegion(LayoutRegionRecord(tgid: Int32(bitPattern: header.tgid), timestamp: header.timestamp,
                                                moment: moment(flags), index: v.index, region: region))
    }

    /// The kernel's view of a file's path: dentry names basename first, each NUL-terminated.
    /// A walk that reached the root gives an absolute path; a cut-off walk is marked with "…/".
    static func path(fromName name: UnsafeRawBufferPointer, flags: UInt32) -> String? {
        guard flags & VMSCOPE_F_COMPONENTS != 0 else {
            let flat = flatString(name)
            return flat.isEmpty ? nil : flat
        }
        var components: [String] = []
        var start = name.startIndex
        while start < name.endIndex {
            let end = name[start...].firstIndex(of: 0) ?? name.endIndex
            if end == start { break } // an empty component ends the list
            components.append(String(decoding: UnsafeRawBufferPointer(rebasing: name[start..<end]), as: UTF8.self))
            start = end + 1
        }
        guard !components.isEmpty else { return nil }
        let joined = components.reversed().joined(separator: "/")
        return flags & VMSCOPE_F_ROOTED != 0 ? "/" + joined : MappedFile.truncationMark + joined
    }

    /// Bytes up to the first NUL, as UTF-8 (invalid bytes become U+FFFD; display code escapes).
    static func flatString(_ bytes: UnsafeRawBufferPointer) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[bytes.startIndex..<end]), as: UTF8.self)
    }
}
