import Foundation
import Testing
import VMScopeCore

/// The byte-built row must print what the String formatters it replaced printed (a time exactly
/// halfway between two microseconds rounds up here, where printf rounds the binary double).
@Suite struct TextRowTests {
    static let nanoseconds: [Int64] = [0, 1, 499, 501, 999_999_499, 999_999_501, 3_232_413_494, 123_456_789_012,
                                       -150_000, -1_000_000_001]

    @Test("seconds with six decimals, rounded as %.6f", arguments: nanoseconds)
    func seconds(_ value: Int64) {
        var row = TextRow()
        row.appendSeconds(nanoseconds: value, width: 10)
        let expected = ColumnPadding.pad(String(format: "%.6f", Double(value) / 1e9), 10, right: true)
        #expect(String(decoding: row.bytes, as: UTF8.self) == expected)
    }

    @Test func integersAndRangesArePadded() {
        var row = TextRow()
        row.appendInteger(Int32(4242), width: 7)
        row.appendInteger(-7, width: 3)
        row.appendInteger(UInt64(12_345_678), width: 2)
        row.appendRange(0x7f3a_1234_5000..<0x7f3a_1234_6000, width: 31)
        row.appendRange(0x1000..<0xffff_ffff_ff60_1000, width: 10)
        #expect(String(decoding: row.bytes, as: UTF8.self)
                    == "   4242 -712345678" + AddressFormatter.format(0x7f3a_1234_5000..<0x7f3a_1234_6000) + "  "
                    + AddressFormatter.format(0x1000..<0xffff_ffff_ff60_1000))
        row.reset()
        #expect(row.bytes.isEmpty)
    }
}
