import CProbe
import Foundation
import Testing
import VMScopeCore
@testable import VMScopeProbe

/// The byte-level rules, without a kernel: these run everywhere.
struct RecordDecoderTests {
    private func record(kind: vmscope_kind, ret: Int64 = 0, aux: UInt64 = 0, args: [UInt64] = [],
                        flags: UInt32 = 0, name: [String] = []) -> [UInt8] {
        var event = vmscope_event()
        event.timestamp = 42
        event.tgid = 100
        event.tid = 101
        event.kind = kind.rawValue
        event.flags = flags
        event.ret = ret
        event.aux = aux
        let a = args + Array(repeating: 0, count: 6 - args.count)
        event.args = (a[0], a[1], a[2], a[3], a[4], a[5])
        var bytes = withUnsafeBytes(of: event) { Array($0) }
        if flags & VMSCOPE_F_NAMED != 0 {
            var names = [UInt8](repeating: 0, count: Int(VMSCOPE_NAME_SLOTS) * Int(VMSCOPE_NAME_SLOT_LEN))
            if flags & VMSCOPE_F_COMPONENTS != 0 {
                for (slot, component) in name.enumerated() {
                    for (i, byte) in component.utf8.enumerated() { names[slot * Int(VMSCOPE_NAME_SLOT_LEN) + i] = byte }
                }
            } else {
                for (i, byte) in name.joined().utf8.enumerated() { names[i] = byte }
            }
            bytes += names
        }
        return bytes
    }

    private func decode(_ bytes: [UInt8]) -> MemoryEvent? {
        bytes.withUnsafeBytes { RecordDecoder.decode($0)?.event }
    }

    @Test func headerLayoutMatchesTheKernelSide() {
        #expect(MemoryLayout<vmscope_event>.size == 88)
        #expect(MemoryLayout<vmscope_named_event>.size == 88 + 384)
        #expect(MemoryLayout<vmscope_fault_key>.size == 16)
    }

    @Test func brkThatLandsWhereAskedIsAMove() {
        let event = decode(record(kind: VMSCOPE_EV_BRK, ret: 0x5000, aux: 0x4000, args: [0x5000]))
        #expect(event?.kind == .brk(oldBreak: 0x4000, newBreak: 0x5000, requested: 0x5000))
        #expect(event?.tgid == 100)
        #expect(event?.tid == 101)
        #expect(event?.timestamp == 42)
    }

    @Test func brkThatReturnsTheOldBreakIsAFailure() {
        let event = decode(record(kind: VMSCOPE_EV_BRK, ret: 0x4000, aux: 0x4000, args: [0x1000]))
        #expect(event?.kind == .failed(syscall: .brk, errno: ENOMEM, address: 0x1000, length: 0))
    }

    @Test func negativeErrnoReturnsAreFailures() {
        #expect(decode(record(kind: VMSCOPE_EV_MUNMAP, ret: -22, args: [0x1001, 4096]))?.kind
                == .failed(syscall: .munmap, errno: EINVAL, address: 0x1001, length: 4096))
        #expect(decode(record(kind: VMSCOPE_EV_MMAP, ret: -12, args: [0, 1 << 40, 3, 0x22, UInt64(bitPattern: -1), 0]))?.kind
                == .failed(syscall: .mmap, errno: ENOMEM, address: 0, length: 1 << 40))
        // A high address is not an error even though it is negative as a signed number? No:
        // user addresses stay below 2^47, so only -4095...-1 can be an errno.
        #expect(RecordDecoder.errnoOf(-4096) == nil)
        #expect(RecordDecoder.errnoOf(-4095) == 4095)
    }

    @Test func fileMappingPathIsRebuiltFromComponents() {
        let flags = VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS | VMSCOPE_F_ROOTED
        let event = decode(record(kind: VMSCOPE_EV_MMAP, ret: 0x7f00_0000_0000, args: [0, 0x1000, 1, 0x802, 3, 0],
                                  flags: flags, name: ["libc.so.6", "x86_64-linux-gnu", "lib", "usr"]))
        #expect(event?.kind == .mmap(address: 0x7f00_0000_0000, length: 0x1000, protection: .read,
                                     flags: [.private, .denyWrite], fd: 3, offset: 0,
                                     file: MappedFile(path: "/usr/lib/x86_64-linux-gnu/libc.so.6")))
        let cut = decode(record(kind: VMSCOPE_EV_MMAP, ret: 0x1000, args: [0, 0x1000, 1, 2, 3, 0],
                                flags: VMSCOPE_F_NAMED | VMSCOPE_F_COMPONENTS, name: ["f", "e"]))
        if case .mmap(_, _, _, _, _, _, let file) = cut?.kind {
            #expect(file?.path == "…/e/f")
        } else {
            Issue.record("expected an mmap, got \(String(describing: cut))")
        }
    }

    @Test func processLifecycleRecords() {
        #expect(decode(record(kind: VMSCOPE_EV_EXEC, flags: VMSCOPE_F_NAMED, name: ["/bin/true"]))?.kind
                == .exec(filename: "/bin/true"))
        #expect(decode(record(kind: VMSCOPE_EV_FORK, args: [102, 100]))?.kind == .fork(childPid: 102, isThread: true))
        #expect(decode(record(kind: VMSCOPE_EV_FORK, args: [200, 200]))?.kind == .fork(childPid: 200, isThread: false))
        #expect(decode(record(kind: VMSCOPE_EV_EXIT, args: [0x100]))?.kind == .exit(status: 0x100))
        #expect(decode(record(kind: VMSCOPE_EV_MREMAP, ret: 0x9000, args: [0x1000, 0x1000, 0x2000, 1]))?.kind
                == .mremap(oldAddress: 0x1000, oldLength: 0x1000, newAddress: 0x9000, newLength: 0x2000, flags: 1))
    }

    @Test func truncatedOrUnknownRecordsAreIgnored() {
        let short = Array(record(kind: VMSCOPE_EV_BRK).prefix(40))
        #expect(decode(short) == nil)
        let namedButShort = Array(record(kind: VMSCOPE_EV_EXEC, flags: VMSCOPE_F_NAMED, name: ["x"]).prefix(100))
        #expect(decode(namedButShort) == nil)
        #expect(decode(record(kind: vmscope_kind(rawValue: 99))) == nil)
    }
}
