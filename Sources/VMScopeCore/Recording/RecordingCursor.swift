/// Reads the primitive encodings of `RecordingBytes` from one record's payload. Every read is
/// bounded by the bytes left, so a hostile length or count fails with the offset instead of
/// allocating or reading past the end.
struct RecordingCursor {
    let bytes: UnsafeRawBufferPointer
    var index: Int
    let end: Int
    /// File offset of `bytes[0]`, for errors.
    let base: Int

    init(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, fileOffset base: Int) {
        self.bytes = bytes
        self.index = start
        self.end = end
        self.base = base
    }

    var remaining: Int { end - index }
    var atEnd: Bool { index >= end }
    var offset: Int { base + index }

    func failure(_ what: String) -> RecordingFailure { RecordingFailure(offset: offset, message: what) }

    mutating func byte() throws(RecordingFailure) -> UInt8 {
        guard index < end else { throw failure("record ends inside a field") }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func varint() throws(RecordingFailure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift == 63, b > 1 { throw failure("number too large") }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw failure("number too large") }
        }
    }

    /// A count of things each at least `minimumSize` bytes long: no larger than the bytes left allow.
    mutating func count(minimumSize: Int = 1, _ what: String = "count") throws(RecordingFailure) -> Int {
        let at = offset
        let value = try varint()
        guard value <= UInt64(remaining / max(1, minimumSize)) else {
            throw RecordingFailure(offset: at, message: "\(what) \(value) exceeds the record")
        }
        return Int(value)
    }

    mutating func int() throws(RecordingFailure) -> Int {
        let value = try varint()
        guard value <= UInt64(Int.max) else { throw failure("number out of range") }
        return Int(value)
    }

    mutating func signed() throws(RecordingFailure) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func int32() throws(RecordingFailure) -> Int32 {
        let at = offset
        let value = try signed()
        guard let narrow = Int32(exactly: value) else { throw RecordingFailure(offset: at, message: "value out of range") }
        return narrow
    }

    mutating func uint32() throws(RecordingFailure) -> UInt32 {
        let at = offset
        let value = try varint()
        guard let narrow = UInt32(exactly: value) else { throw RecordingFailure(offset: at, message: "value out of range") }
        return narrow
    }

    mutating func delta(from base: UInt64) throws(RecordingFailure) -> UInt64 {
        base &+ UInt64(bitPattern: try signed())
    }

    mutating func length(pageShift: UInt64) throws(RecordingFailure) -> UInt64 {
        let value = try varint()
        if value == 1 { return try fixed64() }
        if value & 1 == 0 { return (value >> 1) << pageShift }
        return value >> 1
    }

    mutating func fixed32() throws(RecordingFailure) -> UInt32 {
        guard remaining >= 4 else { throw failure("record ends inside a field") }
        var value: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { value |= UInt32(bytes[index]) << UInt32(shift); index += 1 }
        return value
    }

    mutating func fixed64() throws(RecordingFailure) -> UInt64 {
        guard remaining >= 8 else { throw failure("record ends inside a field") }
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(bytes[index]) << UInt64(shift); index += 1 }
        return value
    }

    mutating func bool() throws(RecordingFailure) -> Bool {
        let at = offset
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw RecordingFailure(offset: at, message: "flag is neither 0 nor 1")
        }
    }

    mutating func text() throws(RecordingFailure) -> String {
        let length = try count(minimumSize: 1, "string length")
        let start = index
        index += length
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<start + length]), as: UTF8.self)
    }
}

/// A decoding failure inside the file, before the file's name is known to the message.
struct RecordingFailure: Error {
    var offset: Int
    var message: String
}
