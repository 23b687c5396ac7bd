import CProbe
import Foundation
import Testing
import VMScopeCore
@testable import VMScopeProbe

/// The user-stack tail of call records (VMSCOPE_F_USER_STACK), on bytes built from the C
/// structs: after the fixed part, before a file mmap's name, bounded by the record's length.
struct StackTailDecodingTests {
    private func header(_ kind: vmscope_kind, flags: UInt32) -> vmscope_header {
        vmscope_header(timestamp: 42, tgid: 100, tid: 101, kind: kind.rawValue, flags: flags)
    }

    private func bytes<T>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    /// A stack tail as the kernel side writes it: the head claiming `count`, then `addresses`.
    private func tail(_ addresses: [UInt64], count: UInt32? = nil, window: [UInt8] = [], claimed: UInt32? = nil) -> [UInt8] {
        bytes(vmscope_stack(count: count ?? UInt32(addresses.count), window: claimed ?? UInt32(window.count),
                            sp: 0x7ffc_0000_1000, bp: 0x7ffc_0000_1040))
            + addresses.flatMap { bytes($0) } + window
    }

    private func decoded(_ bytes: [UInt8]) -> MemoryEvent? {
        bytes.withUnsafeBytes { RecordDecoder.decode($0) }?.event
    }

    private let stacked = VMSCOPE_F_USER_STACK

    @Test func theTailIsACountAndAddressesAfterTheFixedPart() {
        #expect(MemoryLayout<vmscope_stack>.size == 24)
        #expect(VMSCOPE_STACK_MAX == 32)
    }

    @Test func brkMunmapAndMremapCarryTheirStack() {
        let ips: [UInt64] = [0x5555_0000_1180, 0x5555_0000_1200, 0x7f00_0002_9d90]
        let brk = decoded(bytes(vmscope_brk_record(h: header(VMSCOPE_EV_BRK, flags: stacked), requested: 0x5000,
                                                   old_break: 0x4000, ret: 0x5000)) + tail(ips))
        #expect(brk?.kind == .brk(oldBreak: 0x4000, newBreak: 0x5000, requested: 0x5000))
        #expect(brk?.stack?.addresses == ips)
        #expect(brk?.stack?.registers == UserStack.Registers(sp: 0x7ffc_0000_1000, bp: 0x7ffc_0000_1040, window: []))
        let munmap = decoded(bytes(vmscope_range_record(h: header(VMSCOPE_EV_MUNMAP, flags: stacked), addr: 0x1000,
                                                        len: 0x2000, ret: 0)) + tail(ips))
        #expect(munmap?.kind == .munmap(address: 0x1000, length: 0x2000))
        #expect(munmap?.stack?.addresses == ips)
        let mremap = decoded(bytes(vmscope_mremap_record(h: header(VMSCOPE_EV_MREMAP, flags: stacked | VMSCOPE_F_STACK_TRUNCATED),
                                                         old_addr: 0x1000, old_len: 0x1000, new_len: 0x2000,
                                                         ret: -12, flags: 1, pad: 0)) + tail(ips))
        #expect(mremap?.kind == .failed(syscall: .mremap, errno: ENOMEM, address: 0x1000, length: 0x1000))
        #expect(mremap?.stack?.addresses == ips)
        #expect(mremap?.stack?.truncated == true)
    }

    @Test func withoutTheFlagThereIsNoStackAndTrailingBytesAreIgnored() {
        let plain = bytes(vmscope_brk_record(h: header(VMSCOPE_EV_BRK, flags: 0), requested: 0x5000, old_break: 0x4000, ret: 0x5000))
        #expect(decoded(plain)?.stack == nil)
        #expect(decoded(plain + tail([1, 2]))?.stack == nil)
        // A kind that never carries a stack ignores the flag.
        let mprotect = bytes(vmscope_range_arg_record(r: vmscope_range_record(h: header(VMSCOPE_EV_MPROTECT, flags: stacked),
                                                                              addr: 0x1000, len: 0x1000, ret: 0),
                                                      arg: 1, arg2: 0))
        #expect(decoded(mprotect)?.stack == nil)
        #expect(decoded(mprotect)?.kind == .mprotect(address: 0x1000, length: 0x1000, protection: .read))
    }

    @Test func anEmptyCaptureIsAnEmptyStack() {
        let munmap = decoded(bytes(vmscope_range_record(h: header(VMSCOPE_EV_MUNMAP, flags: stacked), addr: 0x1000,
                                                        len: 0x1000, ret: 0)) + tail([]))
        #expect(munmap?.stack?.addresses == [])
        #expect(munmap?.stack?.registers?.window == [])
    }

    @Test func theWindowFollowsTheAddressesAndTheNameFollowsTheWindow() {
        let window = (0..<Int(VMSCOPE_STACK_WINDOW)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let m = vmscope_mmap_record(h: header(VMSCOPE_EV_MMAP, flags: stacked | VMSCOPE_F_NAMED), addr: 0, len: 0x1000,
                                    offset: 0, ret: 0x7f00_0000_0000, prot: 1, flags: 2, fd: 3, pad: 0)
        let record = bytes(vmscope_file_mmap_record(m: m, file: vmscope_file_id(device: 8, inode: 9)))
            + tail([0x1234, 0x5678], window: window) + Array("/lib/libc.so.6\0".utf8)
        let event = decoded(record)
        #expect(event?.stack?.addresses == [0x1234, 0x5678])
        #expect(event?.stack?.registers?.window == window)
        #expect(event?.stack?.registers?.sp == 0x7ffc_0000_1000)
        if case .mmap(_, _, _, _, _, _, let file)? = event?.kind {
            #expect(file?.path == "/lib/libc.so.6")
        } else {
            Issue.record("expected an mmap, got \(String(describing: event?.kind))")
        }
    }

    @Test func aWindowLargerThanTheKernelsOrLongerThanTheRecordDropsIt() {
        let head = bytes(vmscope_range_record(h: header(VMSCOPE_EV_MUNMAP, flags: stacked), addr: 0x1000, len: 0x1000, ret: 0))
        #expect(decoded(head + tail([1], window: [1, 2, 3, 4, 5, 6, 7, 8]))?.stack?.registers?.window == [1, 2, 3, 4, 5, 6, 7, 8])
        let larger = [UInt8](repeating: 2, count: Int(VMSCOPE_STACK_WINDOW) + 8)
        #expect(decoded(head + tail([1], window: larger)) == nil, "more than the kernel side sends")
        let window = [UInt8](repeating: 1, count: Int(VMSCOPE_STACK_WINDOW))
        #expect(decoded(head + tail([1], window: Array(window.dropLast()), claimed: UInt32(VMSCOPE_STACK_WINDOW))) == nil)
        #expect(decoded(head + tail([1], window: window))?.stack?.registers?.window == window)
    }

    @Test func aFileMmapsNameFollowsItsStack() {
        let flags = stacked | VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS | VMSCOPE_F_ROOTED
        let m = vmscope_mmap_record(h: header(VMSCOPE_EV_MMAP, flags: flags), addr: 0, len: 0x1000, offset: 0,
                                    ret: 0x7f00_0000_0000, prot: 1, flags: 2, fd: 3, pad: 0)
        let record = bytes(vmscope_file_mmap_record(m: m, file: vmscope_file_id(device: 8, inode: 9)))
            + tail([0x1234, 0x5678]) + Array("libc.so.6\0lib\0".utf8)
        let event = decoded(record)
        #expect(event?.stack?.addresses == [0x1234, 0x5678])
        if case .mmap(_, _, _, _, _, _, let file)? = event?.kind {
            #expect(file == MappedFile(path: "/lib/libc.so.6", device: 8, inode: 9))
        } else {
            Issue.record("expected an mmap, got \(String(describing: event?.kind))")
        }
        // An anonymous one: the stack right after the 72-byte fixed part.
        var anonymous = m
        anonymous.h.flags = stacked
        #expect(decoded(bytes(anonymous) + tail([7]))?.stack?.addresses == [7])
    }

    @Test func aCountTheRecordCannotHoldDropsTheRecord() {
        let head = bytes(vmscope_range_record(h: header(VMSCOPE_EV_MUNMAP, flags: stacked), addr: 0x1000, len: 0x1000, ret: 0))
        #expect(decoded(head + tail([1, 2, 3], count: 4)) == nil, "4 frames claimed, 3 present")
        #expect(decoded(head + tail([1, 2, 3], count: UInt32.max)) == nil)
        #expect(decoded(head) == nil, "flag without even the head")
        let tooMany = (0...UInt64(VMSCOPE_STACK_MAX)).map { $0 }
        #expect(decoded(head + tail(tooMany)) == nil, "more frames than the kernel side ever sends")
        let most = Array(tooMany.dropLast())
        #expect(decoded(head + tail(most))?.stack?.addresses == most)
    }
}
