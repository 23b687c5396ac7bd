/// Reads the numbers of .eh_frame bytes (little-endian x86-64), bounds-checked: every read
/// returns nil past the end, since the bytes are a file's and may be damaged or hostile.
struct DWARFCursor {
    let bytes: [UInt8]
    var offset: Int
    /// Where the bytes are loaded (the section's ELF address), for pc-relative pointers.
    let baseAddress: UInt64

    init(bytes: [UInt8], offset: Int = 0, baseAddress: UInt64 = 0) {
        self.bytes = bytes
        self.offset = offset
        self.baseAddress = baseAddress
    }

    var atEnd: Bool { offset >= bytes.count }

    mutating func u8() -> UInt8? {
        guard offset >= 0, offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func unsigned(_ size: Int) -> UInt64? {
        guard offset >= 0, size <= bytes.count - offset else { return nil }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += size
        return value
    }

    mutating func signed(_ size: Int) -> Int64? {
        guard let value = unsigned(size) else { return nil }
        let shift = UInt64(64 - 8 * size)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }

    mutating func uleb() -> UInt64? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while let byte = u8() {
            if shift < 64 { value |= UInt64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }

    mutating func sleb() -> Int64? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while let byte = u8() {
            if shift < 64 { value |= UInt64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64, byte & 0x40 != 0 { value |= ~0 << shift }
                return Int64(bitPattern: value)
            }
        }
        return nil
    }

    /// A pointer in a DW_EH_PE encoding: its format (absptr, udata2/4/8, sdata2/4/8, uleb128,
    /// sleb128) and base (absolute, or pc-relative: from the field's own address). Data- and
    /// text-relative and indirect pointers are not used for code addresses in .eh_frame: nil.
    mutating func pointer(encoding: UInt8) -> UInt64? {
        guard encoding != 0xff else { return nil }
        let fieldAddress = baseAddress &+ UInt64(truncatingIfNeeded: offset)
        let value: UInt64?
        switch encoding & 0x0f {
        case 0x00: value = unsigned(8)
        case 0x01: value = uleb()
        case 0x02: value = unsigned(2)
        case 0x03: value = unsigned(4)
        case 0x04: value = unsigned(8)
        case 0x09: value = sleb().map { UInt64(bitPattern: $0) }
        case 0x0a: value = signed(2).map { UInt64(bitPattern: $0) }
        case 0x0b: value = signed(4).map { UInt64(bitPattern: $0) }
        case 0x0c: value = unsigned(8)
        default: return nil
        }
        guard let value else { return nil }
        switch encoding & 0x70 {
        case 0x00: return encoding & 0x80 == 0 ? value : nil
        case 0x10: return encoding & 0x80 == 0 ? fieldAddress &+ value : nil
        default: return nil
        }
    }

    /// Skips a pointer of this encoding (a personality routine's, which may be indirect).
    mutating func skipPointer(encoding: UInt8) -> Bool {
        switch encoding & 0x0f {
        case 0x00, 0x04, 0x0c: return unsigned(8) != nil
        case 0x01: return uleb() != nil
        case 0x09: return sleb() != nil
        case 0x02, 0x0a: return unsigned(2) != nil
        case 0x03, 0x0b: return unsigned(4) != nil
        default: return false
        }
    }
}
