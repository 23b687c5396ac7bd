import Testing
@testable import VMScopeProbe

/// The .eh_frame of any file a watched process maps: its bytes are whoever built the file's.
/// Indexing, then asking rows at the addresses the FDEs claim and around them, must neither trap
/// nor hang.
@Suite struct EHFrameFuzzTests {
    /// A CIE ("zR", pc-relative sdata4) and FDEs with gcc's usual programs.
    static let section: [UInt8] = {
        func u32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
        let cie: [UInt8] = u32(0) + [1] + Array("zR".utf8) + [0, 1, 0x78, 0x10, 1, 0x1b, 0x0c, 0x07, 0x08, 0x90, 0x01, 0, 0]
        var bytes = u32(UInt32(cie.count)) + cie
        for program: [UInt8] in [[0x41, 0x0e, 0x10, 0x86, 0x02, 0x43, 0x0d, 0x06, 0x5c, 0x0a, 0x0c, 0x07, 0x08, 0x42, 0x0b],
                                 [0x0f, 0x02, 0x77, 0x08], [0x13, 0x7e, 0x0a, 0x0a, 0x0b, 0x2e, 0x08, 0x02, 0x10, 0x03, 0x00, 0x01]] {
            let offset = bytes.count
            var fde = u32(UInt32(offset + 4)) + u32(UInt32(truncatingIfNeeded: -Int32(offset + 8) + 0x100 * Int32(offset))) + u32(0x40) + [0]
            fde += program
            while (fde.count + 4) % 8 != 0 { fde.append(0) }
            bytes += u32(UInt32(fde.count)) + fde
        }
        return bytes + u32(0)
    }()

    static let target = FuzzTarget(
        name: "ehframe",
        seeds: [section] + FuzzCorpus.regressions("ehframe"),
        generate: { random in
            var bytes = section
            for _ in 0..<(1 + random.below(8)) {
                bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
            }
            return bytes
        },
        maxLength: 4096,
        check: { input in
            let table = EHFrameTable(bytes: input, sectionAddress: 0)
            for address in stride(from: UInt64(0), to: 0x2000, by: 0x11) { _ = table.row(at: address) }
            _ = table.row(at: UInt64.max)
        })

    @Test func survivesMutatedAndGeneratedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 2_000))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
    }
}
