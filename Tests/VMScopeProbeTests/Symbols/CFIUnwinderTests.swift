import Foundation
import Testing
import VMScopeCore
@testable import VMScopeProbe

/// The unwinder on the real C library's CFI (its `mmap` wrapper, a leaf without frame
/// pointers) with synthetic windows, and its splicing with the kernel's frame-pointer chain.
/// Addresses are the files' own (no mapping): the row closure looks them up directly.
enum SystemLibc {
    static let path = "/lib/x86_64-linux-gnu/libc.so.6"
    nonisolated(unsafe) static let tables: (symbols: ELFSymbolTable, cfi: EHFrameTable)? = {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let symbols = try? ELFSymbolTable(descriptor: descriptor), let cfi = EHFrameTable(descriptor: descriptor)
        else { return nil }
        return (symbols, cfi)
    }()
}

@Suite(.disabled(if: SystemLibc.tables == nil, "SKIPPED: no readable /lib/x86_64-linux-gnu/libc.so.6 with .eh_frame"))
struct CFIUnwinderTests {
    static var libc: (symbols: ELFSymbolTable, cfi: EHFrameTable)? { SystemLibc.tables }

    /// A function F with frame pointers, outside libc: CFA = rbp + 16, rbp saved at CFA - 16.
    static let programCode: ClosedRange<UInt64> = 0x5555_0000_1000...0x5555_0000_1fff
    static let framePointerRow = CFARow(cfa: .register(6, offset: 16), rbp: .offset(-16), returnAddress: .offset(-8))
    /// Functions without frame pointers, outside libc: CFA = rsp + 0x20.
    static let otherCode: ClosedRange<UInt64> = 0x5555_0000_2000...0x5555_0000_2fff
    static let stackPointerRow = CFARow(cfa: .register(7, offset: 0x20), returnAddress: .offset(-8))

    let sp: UInt64 = 0x7ffc_0000_1000

    func unwinder() throws -> CFIUnwinder {
        let libc = try #require(Self.libc)
        return CFIUnwinder { address in
            Self.programCode.contains(address) ? Self.framePointerRow
                : Self.otherCode.contains(address) ? Self.stackPointerRow : libc.cfi.row(at: address)
        }
    }

    /// The wrapper's address after its `syscall`: the instruction after the first 0f 05 in it.
    func afterSyscall(in name: String) throws -> UInt64 {
        let libc = try #require(Self.libc)
        let symbol = try #require(libc.symbols.symbols.first { $0.name == name }, "no \(name) in libc")
        // The row at the wrapper's start already says CFA = rsp + 8 and does not change before
        // the syscall in glibc's wrappers; any address inside the wrapper before a push will do.
        return symbol.start + min(7, symbol.size - 1)
    }

    func window(_ words: [Int: UInt64], size: Int = 512) -> [UInt8] {
        var bytes = [UInt8](repeating: 0xcc, count: size)
        for (offset, value) in words {
            withUnsafeBytes(of: value) { bytes.replaceSubrange(offset..<offset + 8, with: $0) }
        }
        return bytes
    }

    @Test func aLeafWrapperGetsItsCallerBackAndTheChainIsSplicedOn() throws {
        let ip = try afterSyscall(in: "mmap")
        let inF: UInt64 = 0x5555_0000_1234, bp = sp + 0x40
        // The kernel's walk from bp: F's return address into its caller, then further up.
        var stack = UserStack(addresses: [ip, 0x5555_0000_1500, 0x5555_0000_1600],
                              registers: .init(sp: sp, bp: bp, window: window([0: inF])))
        try unwinder().unwind(&stack)
        #expect(stack.addresses == [ip, inF, 0x5555_0000_1500, 0x5555_0000_1600])
        #expect(!stack.truncated)
        #expect(!stack.callerMayBeSkipped)
        #expect(stack.registers == nil, "consumed: never recorded")
    }

    @Test func withoutAFrameOwningBpTheChainIsDroppedAndTheStackTruncated() throws {
        let ip = try afterSyscall(in: "munmap")
        // G, H, I without frame pointers: none has its CFA at bp + 16, so the kernel's chain
        // (walked from a bp that only looked like a frame pointer) is not theirs.
        let g: UInt64 = 0x5555_0000_2100, h: UInt64 = 0x5555_0000_2400, i: UInt64 = 0x5555_0000_2500
        let words: [Int: UInt64] = [0: g, 0x20: h, 0x40: i]
        var stack = UserStack(addresses: [ip, 0xdead_0000],
                              registers: .init(sp: sp, bp: sp + 0x100, window: window(words, size: 0x60)))
        try unwinder().unwind(&stack)
        #expect(stack.addresses == [ip, g, h, i], "I's return address at sp + 0x60 is outside the window")
        #expect(stack.truncated)
        #expect(!stack.callerMayBeSkipped)

        // A zero return address is the outermost frame: the stack is whole.
        var whole = UserStack(addresses: [ip, 0xdead_0000],
                              registers: .init(sp: sp, bp: sp + 0x100, window: window([0: g, 0x20: h, 0x40: 0])))
        try unwinder().unwind(&whole)
        #expect(whole.addresses == [ip, g, h])
        #expect(!whole.truncated)
    }

    @Test func whenFrameZeroHasNoCFITheCaptureStaysAndItsCallerMayBeSkipped() throws {
        let chain: [UInt64] = [0x7000_0000_0010, 0x5555_0000_1500]
        var stack = UserStack(addresses: chain, registers: .init(sp: sp, bp: sp + 0x40, window: window([:])))
        CFIUnwinder { _ in nil }.unwind(&stack)
        #expect(stack.addresses == chain)
        #expect(stack.callerMayBeSkipped)
        var alone = UserStack(addresses: [0x7000_0000_0010], registers: .init(sp: sp, bp: 3, window: []))
        CFIUnwinder { _ in nil }.unwind(&alone)
        #expect(!alone.callerMayBeSkipped, "no chain: nothing named past frame 0 anyway")
        // An empty window (the kernel's read failed): frame 0 cannot be unwound past either.
        let ip = try afterSyscall(in: "mmap")
        var empty = UserStack(addresses: [ip, 0x5555_0000_1500], registers: .init(sp: sp, bp: sp + 0x40, window: []))
        try unwinder().unwind(&empty)
        #expect(empty.addresses == [ip, 0x5555_0000_1500])
        #expect(empty.callerMayBeSkipped)
    }

    @Test func theCLibrarysCFIIsRead() throws {
        let libc = try #require(Self.libc)
        #expect(libc.cfi.count > 1000, "glibc has thousands of FDEs")
        for name in ["mmap", "munmap", "brk"] {
            let symbol = try #require(libc.symbols.symbols.first { $0.name == name })
            // A leaf wrapper: the return address at the stack pointer, rbp untouched.
            #expect(libc.cfi.row(at: try afterSyscall(in: name))
                    == CFARow(cfa: .register(7, offset: 8), rbp: .sameValue, returnAddress: .offset(-8)), "\(name)")
            #expect(libc.cfi.row(at: symbol.start)?.cfa == .register(7, offset: 8))
        }
        // malloc saves registers: somewhere inside it the CFA is further up than rsp + 8.
        let malloc = try #require(libc.symbols.symbols.first { $0.name == "malloc" })
        let offsets = (malloc.start..<malloc.start + malloc.size).compactMap { address -> Int64? in
            guard case .register(7, let offset)? = libc.cfi.row(at: address)?.cfa else { return nil }
            return offset
        }
        #expect(offsets.contains { $0 > 8 })
    }

    @Test func aStackWithoutRegistersIsLeftAsItIs() throws {
        var stack = UserStack(addresses: [1, 2, 3], truncated: true)
        try unwinder().unwind(&stack)
        #expect(stack == UserStack(addresses: [1, 2, 3], truncated: true))
    }

    @Test func theDepthLimitTruncates() throws {
        // G (no frame pointers) calling itself: a return address into G every 0x20 bytes.
        var words: [Int: UInt64] = [:]
        for level in 0..<15 { words[level * 0x20] = 0x5555_0000_2100 }
        let ip = try afterSyscall(in: "mmap")
        var stack = UserStack(addresses: [ip], registers: .init(sp: sp, bp: 3, window: window(words)))
        var limited = try unwinder()
        limited.depthLimit = 5
        limited.unwind(&stack)
        #expect(stack.addresses.count == 5)
        #expect(stack.truncated)
    }
}
