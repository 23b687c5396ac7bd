import Testing
import VMScopeCore

@Suite struct FormatterTests {
    static let byteCases: [(UInt64, String)] = [
        (0, "0 B"), (1, "1 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (1536, "1.5 KiB"),
        (4096, "4.0 KiB"), (10 * 1024 - 1, "10 KiB"), (10 * 1024, "10 KiB"), (1023 * 1024, "1023 KiB"),
        (1024 * 1024 - 1, "1.0 MiB"), (3 * 512 * 1024, "1.5 MiB"), (8 * 1024 * 1024, "8.0 MiB"),
        (64 << 20, "64 MiB"), (1 << 30, "1.0 GiB"), (128 << 40, "128 TiB"), (UInt64.max, "16 EiB"),
    ]

    @Test(arguments: byteCases)
    func bytes(_ value: UInt64, _ text: String) {
        #expect(ByteFormatter.format(value) == text)
    }

    @Test func deltas() {
        #expect(ByteFormatter.format(delta: 4096) == "+4.0 KiB")
        #expect(ByteFormatter.format(delta: -1536 * 1024) == "-1.5 MiB")
        #expect(ByteFormatter.format(delta: 0) == "0 B")
        #expect(ByteFormatter.format(delta: .min) == "-8.0 EiB")
    }

    @Test func addresses() {
        #expect(AddressFormatter.format(0x7f3a_1234_5000) == "0x7f3a12345000")
        #expect(AddressFormatter.format(0x40_0000) == "0x000000400000")
        #expect(AddressFormatter.format(0) == "0x000000000000")
        #expect(AddressFormatter.format(0xffff_ffff_ff60_0000) == "0xffffffffff600000")
        #expect(AddressFormatter.format(0x1000..<0x2000) == "0x000000001000-0x000000002000")
    }
}
