import CProbe
import Foundation
import Testing
import VMScopeCore
@testable import VMScopeProbe

/// The byte-level rules, without a kernel: these run everywhere. Records are built from the
/// C structs of bpf/vmscope.h, so a layout change on one side shows here.
struct RecordDecoderTests {
    private func header(_ kind: vmscope_kind, flags: UInt32 = 0) -> vmscope_header {
        vmscope_header(timestamp: 42, tgid: 100, tid: 101, kind: kind.rawValue, flags: flags)
    }

    private func bytes<T>(_ value: T, name: [UInt8] = []) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) } + name
    }

    /// Dentry names as the kernel packs them: basename first, each NUL-terminated.
    private func components(_ names: [String]) -> [UInt8] {
        names.flatMap { Array($0.utf8) + [0] }
    }

    private func decoded(_ bytes: [UInt8]) -> DecodedRecord? {
        bytes.withUnsafeBytes { RecordDecoder.decode($0) }
    }

    private func decode(_ bytes: [UInt8]) -> MemoryEventKind? {
        decoded(bytes)?.event?.kind
    }

    private func range(_ kind: vmscope_kind, addr: UInt64, len: UInt64, ret: Int64 = 0) -> vmscope_range_record {
        vmscope_range_record(h: header(kind), addr: addr, len: len, ret: ret)
    }

    private func rangeArg(_ kind: vmscope_kind, addr: UInt64, len: UInt64, ret: Int64 = 0, arg: UInt32 = 0,
                          arg2: Int32 = 0) -> [UInt8] {
        bytes(vmscope_range_arg_record(r: range(kind, addr: addr, len: len, ret: ret), arg: arg, arg2: arg2))
    }

    private func mmap(ret: Int64, addr: UInt64 = 0, len: UInt64 = 0x1000, prot: UInt32 = 3, flags: UInt32 = 0x22,
                      fd: Int32 = -1, offset: UInt64 = 0, recordFlags: UInt32 = 0) -> vmscope_mmap_record {
        vmscope_mmap_record(h: header(VMSCOPE_EV_MMAP, flags: recordFlags), addr: addr, len: len, offset: offset,
                            ret: ret, prot: prot, flags: flags, fd: fd, pad: 0)
    }

    private func vma(start: UInt64, end: UInt64, vmFlags: UInt32, flags: UInt32 = 0, offset: UInt64 = 0,
                     device: UInt64 = 0, inode: UInt64 = 0, index: UInt32 = 0, name: [UInt8] = []) -> [UInt8] {
        bytes(vmscope_vma_record(h: header(VMSCOPE_EV_LAYOUT_VMA, flags: flags), start: start, end: end, offset: offset,
                                 file: vmscope_file_id(device: device, inode: inode), vm_flags: vmFlags, index: index),
              name: name)
    }

    @Test func recordsAreSizedByKind() {
        #expect(MemoryLayout<vmscope_header>.size == 24)
        #expect(MemoryLayout<vmscope_brk_record>.size == 48)
        #expect(MemoryLayout<vmscope_range_record>.size == 48)
        #expect(MemoryLayout<vmscope_range_arg_record>.size == 56)
        #expect(MemoryLayout<vmscope_mmap_record>.size == 72)
        #expect(MemoryLayout<vmscope_file_mmap_record>.size == 88)
        #expect(MemoryLayout<vmscope_mremap_record>.size == 64)
        #expect(MemoryLayout<vmscope_fault_record>.size == 40)
        #expect(MemoryLayout<vmscope_fork_record>.size == 32)
        #expect(MemoryLayout<vmscope_exec_record>.size == 32)
        #expect(MemoryLayout<vmscope_exit_record>.size == 32)
        #expect(MemoryLayout<vmscope_syscall_record>.size == 40)
        #expect(MemoryLayout<vmscope_vma_record>.size == 72)
        #expect(MemoryLayout<vmscope_layout_end_record>.size == 32)
        #expect(MemoryLayout<vmscope_gap_search_record>.size == 80)
        // The maps' values and keys, shared with the kernel side the same way.
        #expect(MemoryLayout<vmscope_watch_word>.size == 16)
        #expect(MemoryLayout<vmscope_process>.size == 16)
        #expect(MemoryLayout<vmscope_attach_args>.size == 8)
        #expect(MemoryLayout<vmscope_attachment_key>.size == 16)
        #expect(MemoryLayout<vmscope_kernel_counters>.size == 40)
        #expect(MemoryLayout<vmscope_config>.size == 16)
        #expect(MemoryLayout<vmscope_fault_key>.size == 16)
    }

    @Test func brkThatLandsWhereAskedIsAMove() {
        let event = decoded(bytes(vmscope_brk_record(h: header(VMSCOPE_EV_BRK), requested: 0x5000, old_break: 0x4000, ret: 0x5000)))?.event
        #expect(event?.kind == .brk(oldBreak: 0x4000, newBreak: 0x5000, requested: 0x5000))
        #expect(event?.tgid == 100)
        #expect(event?.tid == 101)
        #expect(event?.timestamp == 42)
    }

    @Test func brkThatReturnsTheOldBreakIsAFailure() {
        #expect(decode(bytes(vmscope_brk_record(h: header(VMSCOPE_EV_BRK), requested: 0x1000, old_break: 0x4000, ret: 0x4000)))
                == .failed(syscall: .brk, errno: ENOMEM, address: 0x1000, length: 0))
    }

    @Test func negativeErrnoReturnsAreFailures() {
        #expect(decode(bytes(range(VMSCOPE_EV_MUNMAP, addr: 0x1001, len: 4096, ret: -22)))
                == .failed(syscall: .munmap, errno: EINVAL, address: 0x1001, length: 4096))
        #expect(decode(bytes(mmap(ret: -12, len: 1 << 40)))
                == .failed(syscall: .mmap, errno: ENOMEM, address: 0, length: 1 << 40))
        // User addresses stay below 2^47, so only -4095...-1 can be an errno.
        #expect(RecordDecoder.errnoOf(-4096) == nil)
        #expect(RecordDecoder.errnoOf(-4095) == 4095)
    }

    @Test func anonymousMmapMunmapMremapMprotect() {
        #expect(decode(bytes(mmap(ret: 0x7f00_0000_0000, len: 0x4000)))
                == .mmap(address: 0x7f00_0000_0000, length: 0x4000, protection: [.read, .write],
                         flags: [.private, .anonymous], fd: -1, offset: 0, file: nil))
        #expect(decode(bytes(range(VMSCOPE_EV_MUNMAP, addr: 0x1000, len: 0x2000))) == .munmap(address: 0x1000, length: 0x2000))
        let mremap = vmscope_mremap_record(h: header(VMSCOPE_EV_MREMAP), old_addr: 0x1000, old_len: 0x1000,
                                           new_len: 0x2000, ret: 0x9000, flags: 1, pad: 0)
        #expect(decode(bytes(mremap))
                == .mremap(oldAddress: 0x1000, oldLength: 0x1000, newAddress: 0x9000, newLength: 0x2000, flags: 1))
        var failedMremap = mremap
        failedMremap.ret = -12
        #expect(decode(bytes(failedMremap)) == .failed(syscall: .mremap, errno: ENOMEM, address: 0x1000, length: 0x1000))
        #expect(decode(rangeArg(VMSCOPE_EV_MPROTECT, addr: 0x2000, len: 0x1000, arg: 1))
                == .mprotect(address: 0x2000, length: 0x1000, protection: .read))
        #expect(decode(rangeArg(VMSCOPE_EV_MPROTECT, addr: 0x2000, len: 0x1000, ret: -13, arg: 7))
                == .failed(syscall: .mprotect, errno: EACCES, address: 0x2000, length: 0x1000))
    }

    @Test func fileMappingCarriesPathDeviceAndInode() {
        let flags = VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS | VMSCOPE_F_ROOTED
        let named = vmscope_file_mmap_record(
            m: mmap(ret: 0x7f00_0000_0000, len: 0x1000, prot: 1, flags: 0x802, fd: 3, recordFlags: flags),
            file: vmscope_file_id(device: 254 << 20 | 1, inode: 332717))
        let path = components(["libc.so.6", "x86_64-linux-gnu", "lib", "usr"])
        #expect(decode(bytes(named, name: path))
                == .mmap(address: 0x7f00_0000_0000, length: 0x1000, protection: .read, flags: [.private, .denyWrite],
                         fd: 3, offset: 0,
                         file: MappedFile(path: "/usr/lib/x86_64-linux-gnu/libc.so.6", device: 254 << 20 | 1, inode: 332717)))
        var cut = named
        cut.m.h.flags = VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS
        if case .mmap(_, _, _, _, _, _, let file)? = decode(bytes(cut, name: components(["f", "e"]))) {
            #expect(file?.path == "…/e/f")
            #expect(file?.isTruncated == true)
        } else {
            Issue.record("expected an mmap")
        }
        // The name is only as long as it is: no NUL after the last component is fine too.
        if case .mmap(_, _, _, _, _, _, let file)? = decode(bytes(named, name: Array("only".utf8))) {
            #expect(file?.path == "/only")
        } else {
            Issue.record("expected an mmap")
        }
    }

    @Test func newMemoryCalls() {
        #expect(decode(rangeArg(VMSCOPE_EV_PKEY_MPROTECT, addr: 0x3000, len: 0x1000, arg: 3, arg2: -1))
                == .pkeyMprotect(address: 0x3000, length: 0x1000, protection: [.read, .write], pkey: -1))
        #expect(decode(rangeArg(VMSCOPE_EV_PKEY_MPROTECT, addr: 0x3000, len: 0x1000, ret: -22, arg: 3, arg2: 9))
                == .failed(syscall: .pkeyMprotect, errno: EINVAL, address: 0x3000, length: 0x1000))
        #expect(decode(rangeArg(VMSCOPE_EV_MADVISE, addr: 0x4000, len: 0x2000, arg: 4))
                == .madvise(address: 0x4000, length: 0x2000, advice: .dontNeed))
        #expect(decode(rangeArg(VMSCOPE_EV_MSEAL, addr: 0x5000, len: 0x1000))
                == .mseal(address: 0x5000, length: 0x1000, flags: 0))
        #expect(decode(rangeArg(VMSCOPE_EV_MSEAL, addr: 0x5000, len: 0x1000, ret: -1))
                == .failed(syscall: .mseal, errno: EPERM, address: 0x5000, length: 0x1000))
        for call in [MemorySyscall.mlock, .munlock, .mlock2, .mlockall, .munlockall] {
            #expect(decode(rangeArg(VMSCOPE_EV_MLOCK, addr: 0x6000, len: 0x1000, arg: 1, arg2: call.rawValue))
                    == .memoryLock(call: call, address: 0x6000, length: 0x1000, flags: 1))
            #expect(decode(rangeArg(VMSCOPE_EV_MLOCK, addr: 0x6000, len: 0x1000, ret: -12, arg2: call.rawValue))
                    == .failed(syscall: call, errno: ENOMEM, address: 0x6000, length: 0x1000))
        }
        // A lock record naming another call is not misread as a lock.
        #expect(decode(rangeArg(VMSCOPE_EV_MLOCK, addr: 0, len: 0, arg2: MemorySyscall.mmap.rawValue)) == nil)
    }

    @Test func sharedMemoryAndAsynchronousIO() {
        #expect(decode(rangeArg(VMSCOPE_EV_SHMAT, addr: 0, len: 0x3000, ret: 0x7f00_1000_0000, arg: 0o10000, arg2: 77))
                == .shmat(address: 0x7f00_1000_0000, length: 0x3000, shmid: 77, readOnly: true))
        #expect(decode(rangeArg(VMSCOPE_EV_SHMAT, addr: 0, len: 0x3000, ret: 0x7f00_1000_0000, arg: 0, arg2: 77))
                == .shmat(address: 0x7f00_1000_0000, length: 0x3000, shmid: 77, readOnly: false))
        #expect(decode(rangeArg(VMSCOPE_EV_SHMAT, addr: 0x1234, len: 0, ret: -22, arg2: 77))
                == .failed(syscall: .shmat, errno: EINVAL, address: 0x1234, length: 0))
        #expect(decode(bytes(range(VMSCOPE_EV_SHMDT, addr: 0x7f00_1000_0000, len: 0x3000)))
                == .shmdt(address: 0x7f00_1000_0000, length: 0x3000))
        #expect(decode(bytes(range(VMSCOPE_EV_SHMDT, addr: 0x1000, len: 0, ret: -22)))
                == .failed(syscall: .shmdt, errno: EINVAL, address: 0x1000, length: 0))
        #expect(decode(bytes(range(VMSCOPE_EV_AIO_SETUP, addr: 0x7f00_2000_0000, len: 0x2000)))
                == .aioSetup(address: 0x7f00_2000_0000, length: 0x2000))
        #expect(decode(bytes(range(VMSCOPE_EV_AIO_SETUP, addr: 0, len: 0, ret: -11)))
                == .failed(syscall: .ioSetup, errno: EAGAIN, address: 0, length: 0))
        #expect(decode(bytes(range(VMSCOPE_EV_AIO_DESTROY, addr: 0x7f00_2000_0000, len: 0x2000)))
                == .aioDestroy(address: 0x7f00_2000_0000, length: 0x2000))
        #expect(decode(bytes(range(VMSCOPE_EV_AIO_DESTROY, addr: 0x7f00_2000_0000, len: 0, ret: -22)))
                == .failed(syscall: .ioDestroy, errno: EINVAL, address: 0x7f00_2000_0000, length: 0))
    }

    @Test func processLifecycleRecords() {
        let exec = vmscope_exec_record(h: header(VMSCOPE_EV_EXEC, flags: VMSCOPE_F_NAMED), old_pid: 100, pad: 0)
        #expect(decode(bytes(exec, name: Array("/bin/true".utf8) + [0])) == .exec(filename: "/bin/true"))
        #expect(decode(bytes(exec)) == .exec(filename: ""))
        #expect(decode(bytes(vmscope_fork_record(h: header(VMSCOPE_EV_FORK), child_tid: 102, child_tgid: 100)))
                == .fork(childPid: 102, isThread: true))
        #expect(decoded(bytes(vmscope_fork_record(h: header(VMSCOPE_EV_FORK), child_tid: 200, child_tgid: 200)))
                == .event(MemoryEvent(timestamp: 42, tgid: 100, tid: 101, kind: .fork(childPid: 200, isThread: false))))
        #expect(decoded(bytes(vmscope_fork_record(h: header(VMSCOPE_EV_FORK, flags: VMSCOPE_F_FOLLOWED), child_tid: 200, child_tgid: 200)))
                == .followedFork(MemoryEvent(timestamp: 42, tgid: 100, tid: 101, kind: .fork(childPid: 200, isThread: false))))
        #expect(decode(bytes(vmscope_exit_record(h: header(VMSCOPE_EV_EXIT), status: 0x100, pad: 0))) == .exit(status: 0x100))
        #expect(decode(bytes(vmscope_fault_record(h: header(VMSCOPE_EV_FAULT), addr: 0x1234, error_code: 6)))
                == .pageFault(address: 0x1234, errorCode: 6))
    }

    @Test func execStartAndFailure() {
        #expect(decode(bytes(vmscope_syscall_record(h: header(VMSCOPE_EV_EXEC_START), ret: 0, nr: 59, pad: 0))) == .execStarted)
        #expect(decode(bytes(vmscope_syscall_record(h: header(VMSCOPE_EV_EXEC_FAILED), ret: -2, nr: 59, pad: 0)))
                == .failed(syscall: .execve, errno: ENOENT, address: 0, length: 0))
        #expect(decode(bytes(vmscope_syscall_record(h: header(VMSCOPE_EV_EXEC_FAILED), ret: -13, nr: 322, pad: 0)))
                == .failed(syscall: .execveat, errno: EACCES, address: 0, length: 0))
        #expect(decode(bytes(vmscope_syscall_record(h: header(VMSCOPE_EV_EXEC_FAILED), ret: -2, nr: 9, pad: 0))) == nil)
    }

    @Test func layoutRegionsReadLikeMaps() {
        func region(_ bytes: [UInt8]) -> Region? {
            if case .layoutRegion(let record)? = decoded(bytes) { return record.region }
            return nil
        }
        let file = region(vma(start: 0x5000, end: 0x7000, vmFlags: 0x1 | 0x4 | 0x10 /* VM_MAYREAD */,
                              flags: VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS | VMSCOPE_F_ROOTED, offset: 0x2000,
                              device: 254 << 20 | 3, inode: 99, index: 4, name: components(["true", "bin", "usr"])))
        #expect(file == Region(start: 0x5000, end: 0x7000, permissions: Permissions("r-xp")!, offset: 0x2000,
                               deviceMajor: 254, deviceMinor: 3, inode: 99, pathname: "/usr/bin/true"))
        let shared = region(vma(start: 0x5000, end: 0x7000, vmFlags: 0x1 | 0x2 | 0x8 | 0x80,
                                flags: VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS | VMSCOPE_F_ROOTED | VMSCOPE_F_DELETED,
                                device: 1, inode: 5, name: components(["SYSV00000000"])))
        #expect(shared?.permissions.description == "rw-s")
        #expect(shared?.pathname == "/SYSV00000000")
        #expect(shared?.isDeleted == true)
        // VM_SHARED without VM_MAYSHARE does not happen; maps prints 's' from VM_MAYSHARE alone.
        #expect(region(vma(start: 0, end: 0x1000, vmFlags: 0x1 | 0x80))?.permissions.description == "r--s")
        #expect(region(vma(start: 0x8000, end: 0x9000, vmFlags: 0x5, flags: VMSCOPE_F_NAMED,
                           name: Array("[vdso]".utf8) + [0]))?.pathname == "[vdso]")
        #expect(region(vma(start: 0x8000, end: 0x9000, vmFlags: 0x3, flags: VMSCOPE_F_HEAP))?.pathname == "[heap]")
        #expect(region(vma(start: 0x8000, end: 0x9000, vmFlags: 0x3, flags: VMSCOPE_F_STACK))?.pathname == "[stack]")
        #expect(region(vma(start: 0x8000, end: 0x9000, vmFlags: 0))?.pathname == "")
        #expect(region(vma(start: 0x8000, end: 0x9000, vmFlags: 0))?.permissions.description == "---p")

        if case .layoutRegion(let record)? = decoded(vma(start: 0, end: 0x1000, vmFlags: 1, flags: VMSCOPE_F_EXIT_LAYOUT, index: 7)) {
            #expect(record.moment == .exit)
            #expect(record.index == 7)
            #expect(record.timestamp == 42)
            #expect(record.tgid == 100)
        } else {
            Issue.record("expected a layout region")
        }
        // A VMA that ends before it starts is garbage.
        #expect(decoded(vma(start: 0x9000, end: 0x8000, vmFlags: 1)) == nil)
    }

    @Test func layoutEnd() {
        let end = vmscope_layout_end_record(h: header(VMSCOPE_EV_LAYOUT_END, flags: VMSCOPE_F_INCOMPLETE | VMSCOPE_F_VSYSCALL),
                                            count: 12, error: -16)
        #expect(decoded(bytes(end)) == .layoutEnd(LayoutEndRecord(tgid: 100, timestamp: 42, moment: .exec, count: 12,
                                                                  isIncomplete: true, hasVsyscall: true)))
    }

    private func gapSearch(addr: Int64, topDown: Bool = true) -> vmscope_gap_search_record {
        vmscope_gap_search_record(h: header(VMSCOPE_EV_GAP_SEARCH), addr: addr, length: 0x4001000, low_limit: 0x1000,
                                  high_limit: 0xf7fb_8000, align_mask: 0, align_offset: 0,
                                  search_flags: topDown ? 1 : 0, pad: 0)
    }

    @Test func callRecordsSayWhichTableTheCallCameThrough() {
        let native = decoded(bytes(range(VMSCOPE_EV_MUNMAP, addr: 0x1000, len: 0x1000)))?.event
        #expect(native?.abi == .x86_64)
        var compat = range(VMSCOPE_EV_MUNMAP, addr: 0x1000, len: 0x1000)
        compat.h.flags = VMSCOPE_F_COMPAT
        #expect(decoded(bytes(compat))?.event?.abi == .i386)
        let mmap2 = decoded(bytes(mmap(ret: 0xf7f0_0000, recordFlags: VMSCOPE_F_COMPAT | VMSCOPE_F_MMAP2)))?.event
        #expect(mmap2?.abi == .i386)
        #expect(mmap2?.kind == .mmap(address: 0xf7f0_0000, length: 0x1000, protection: [.read, .write],
                                     flags: [.private, .anonymous], fd: -1, offset: 0, file: nil))
        // Not calls: faults, forks, exits, exec starts (a moment inside exec, not an outcome).
        #expect(decoded(bytes(vmscope_fault_record(h: header(VMSCOPE_EV_FAULT, flags: VMSCOPE_F_COMPAT), addr: 1,
                                                   error_code: 1)))?.event?.abi == nil)
        #expect(decoded(bytes(vmscope_syscall_record(h: header(VMSCOPE_EV_EXEC_START), ret: 0, nr: 59, pad: 0)))?.event?.abi == nil)
        #expect(decoded(bytes(vmscope_syscall_record(h: header(VMSCOPE_EV_EXEC_FAILED, flags: VMSCOPE_F_COMPAT), ret: -2,
                                                     nr: 59, pad: 0)))?.event?.abi == .i386)
    }

    @Test func gapSearchesKeepTheirThreadWindowAndOutcome() throws {
        guard case let .gapSearch(tgid, tid, found)? = decoded(bytes(gapSearch(addr: 0x5257_0000))) else {
            Issue.record("not a gap search")
            return
        }
        #expect(tgid == 100 && tid == 101)
        #expect(found == GapSearch(length: 0x4001000, window: 0x1000..<0xf7fb_8000, direction: .topDown, result: 0x5257_0000))
        guard case let .gapSearch(_, _, failed)? = decoded(bytes(gapSearch(addr: -12, topDown: false))) else {
            Issue.record("not a gap search")
            return
        }
        #expect(failed.failed && failed.direction == .bottomUp)
        #expect(decoded(bytes(gapSearch(addr: 0x1000)))?.event == nil, "an event only once put on its call")
    }

    @Test func truncatedRecordsOfEveryKindAreIgnored() {
        let samples: [[UInt8]] = [
            bytes(vmscope_brk_record(h: header(VMSCOPE_EV_BRK), requested: 1, old_break: 1, ret: 1)),
            bytes(mmap(ret: 0x1000)),
            bytes(vmscope_file_mmap_record(m: mmap(ret: 0x1000, recordFlags: VMSCOPE_F_NAMED), file: vmscope_file_id())),
            bytes(range(VMSCOPE_EV_MUNMAP, addr: 1, len: 1)),
            bytes(vmscope_mremap_record(h: header(VMSCOPE_EV_MREMAP), old_addr: 1, old_len: 1, new_len: 1, ret: 1, flags: 0, pad: 0)),
            rangeArg(VMSCOPE_EV_MPROTECT, addr: 1, len: 1),
            rangeArg(VMSCOPE_EV_PKEY_MPROTECT, addr: 1, len: 1),
            rangeArg(VMSCOPE_EV_MADVISE, addr: 1, len: 1),
            rangeArg(VMSCOPE_EV_MLOCK, addr: 1, len: 1, arg2: 149),
            rangeArg(VMSCOPE_EV_MSEAL, addr: 1, len: 1),
            rangeArg(VMSCOPE_EV_SHMAT, addr: 1, len: 1),
            bytes(range(VMSCOPE_EV_SHMDT, addr: 1, len: 1)),
            bytes(range(VMSCOPE_EV_AIO_SETUP, addr: 1, len: 1)),
            bytes(range(VMSCOPE_EV_AIO_DESTROY, addr: 1, len: 1)),
            bytes(vmscope_fault_record(h: header(VMSCOPE_EV_FAULT), addr: 1, error_code: 1)),
            bytes(vmscope_fork_record(h: header(VMSCOPE_EV_FORK), child_tid: 1, child_tgid: 1)),
            bytes(vmscope_exec_record(h: header(VMSCOPE_EV_EXEC), old_pid: 1, pad: 0)),
            bytes(vmscope_exit_record(h: header(VMSCOPE_EV_EXIT), status: 0, pad: 0)),
            bytes(vmscope_syscall_record(h: header(VMSCOPE_EV_EXEC_START), ret: 0, nr: 59, pad: 0)),
            bytes(vmscope_syscall_record(h: header(VMSCOPE_EV_EXEC_FAILED), ret: -2, nr: 59, pad: 0)),
            vma(start: 0, end: 1, vmFlags: 1),
            bytes(vmscope_layout_end_record(h: header(VMSCOPE_EV_LAYOUT_END), count: 0, error: 0)),
            bytes(gapSearch(addr: 0x1000)),
        ]
        for sample in samples {
            #expect(decoded(sample) != nil, "the whole record decodes: \(sample.count) bytes")
            for length in 0..<sample.count {
                #expect(decoded(Array(sample.prefix(length))) == nil, "cut at \(length) of \(sample.count)")
            }
        }
        #expect(decoded(bytes(vmscope_header(timestamp: 1, tgid: 1, tid: 1, kind: 99, flags: 0)) + Array(repeating: 0, count: 64)) == nil)
        #expect(decoded([]) == nil)
    }

    @Test func garbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...200, using: &generator)
            var garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if garbage.count >= 24 {
                // Mostly kinds that exist, so the payload decoders see garbage too.
                garbage[16] = UInt8.random(in: 0...23, using: &generator)
                garbage[17] = 0; garbage[18] = 0; garbage[19] = 0
            }
            _ = decoded(garbage)
        }
    }
}
