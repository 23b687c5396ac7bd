/// An append-only byte buffer with the recording's primitive encodings: LEB128 varints, zigzag
/// signed varints, and lengths in pages where they are page-aligned (most are; one bit says which).
struct RecordingBytes {
    var bytes: [UInt8] = []

    var count: Int { bytes.count }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func varint(_ value: Int) { varint(UInt64(max(0, value))) }

    mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func signed(_ value: Int32) { signed(Int64(value)) }

    /// `value - base` as a zigzag varint (wrapping: any two addresses have a difference).
    mutating func delta(_ value: UInt64, from base: UInt64) {
        signed(Int64(bitPattern: value &- base))
    }

    /// A length or size: in pages (low bit 0) when a multiple of the page size, else in bytes.
    mutating func length(_ value: UInt64, pageShift: UInt64) {
        let mask = (UInt64(1) << pageShift) - 1
        if value & mask == 0, value >> 62 == 0 { varint((value >> pageShift) << 1) }
        else if value >> 63 == 0 { varint(value << 1 | 1) }
        else { varint(UInt64(1)); fixed64(value) } // above 2^63 (only a hostile call): 1 escapes, kept exact
    }

    mutating func fixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func fixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// A string inline: its UTF-8 length then the bytes.
    mutating func text(_ value: String) {
        let utf8 = Array(value.utf8)
        varint(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    mutating func append(_ other: RecordingBytes) { bytes.append(contentsOf: other.bytes) }
}
