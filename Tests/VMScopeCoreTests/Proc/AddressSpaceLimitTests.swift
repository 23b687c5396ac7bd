import Glibc
import Testing
@testable import VMScopeCore

/// The top of a process's address space, from its program's ELF class.
@Suite struct AddressSpaceLimitTests {
    static let elf32: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 1]
    static let elf64: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 2]

    @Test func aThirtyTwoBitProgramHasFourGibibytes() {
        #expect(AddressSpaceLimit.limit(elfHeader: Self.elf32, personality: 0, regions: nil) == 1 << 32)
        #expect(AddressSpaceLimit.limit(elfHeader: Self.elf32, personality: 0x0800_0000, regions: nil) == 3 << 30,
                "ADDR_LIMIT_3GB")
    }

    @Test func aSixtyFourBitProgramHas128TebibytesUnlessAMappingIsAbove() {
        let vsyscall = Region(start: 0xffff_ffff_ff60_0000, end: 0xffff_ffff_ff60_1000, permissions: Permissions("--xp")!,
                              pathname: "[vsyscall]", kind: .vsyscall)
        let low = Region(start: 0x7fff_0000_0000, end: 0x7fff_0001_0000, permissions: Permissions("rw-p")!)
        let high = Region(start: 0x1_0000_0000_0000, end: 0x1_0000_0001_0000, permissions: Permissions("rw-p")!)
        #expect(AddressSpaceLimit.limit(elfHeader: Self.elf64, personality: 0, regions: [low, vsyscall]) == 1 << 47)
        #expect(AddressSpaceLimit.limit(elfHeader: Self.elf64, personality: 0, regions: [low, high, vsyscall]) == 1 << 56)
        #expect(AddressSpaceLimit.limit(elfHeader: nil, personality: nil, regions: nil) == 1 << 47)
        #expect(AddressSpaceLimit.limit(elfHeader: [0x7f], personality: nil, regions: nil) == 1 << 47)
    }

    @Test func thisProcessIsSixtyFourBit() {
        let limit = AddressSpaceLimit.read(pid: getpid(), regions: nil)
        #expect(limit == 1 << 47 || limit == 1 << 56)
    }
}
