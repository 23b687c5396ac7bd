/// One line of a text table, built as UTF-8 bytes: `layout` prints one per region, 60 000 for a
/// large process, and building each from padded Strings cost more than reading and parsing maps.
public struct TextRow {
    public private(set) var bytes: [UInt8] = []

    public init() { bytes.reserveCapacity(160) }

    /// Empties the row, keeping its storage for the next one.
    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    /// A decimal integer padded to `width` (right-aligned).
    public mutating func appendInteger(_ value: some BinaryInteger, width: Int) {
        let start = bytes.count
        JSONLine.appendInteger(value, to: &bytes)
        padFront(from: start, to: width)
    }

    /// A number of seconds given in nanoseconds, with six decimals rounded as `%.6f` would
    /// (`3.232413`, `-0.000150`), padded to `width` (right-aligned), without formatting a Double.
    public mutating func appendSeconds(nanoseconds: Int64, width: Int) {
        let start = bytes.count
        if nanoseconds < 0 { bytes.append(UInt8(ascii: "-")) }
        let microseconds = (nanoseconds.magnitude + 500) / 1000
        JSONLine.appendInteger(microseconds / 1_000_000, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        var fraction = microseconds % 1_000_000
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (48, 48, 48, 48, 48, 48)
        withUnsafeMutableBytes(of: &digits) { buffer in
            for index in stride(from: 5, through: 0, by: -1) {
                buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
                fraction /= 10
            }
            bytes.append(contentsOf: buffer)
        }
        padFront(from: start, to: width)
    }

    /// `0x7f3a12345000-0x7f3a12346000` as `AddressFormatter` writes a range, padded to `width`.
    public mutating func appendRange(_ range: Range<UInt64>, width: Int) {
        let start = bytes.count
        appendAddress(range.lowerBound)
        bytes.append(UInt8(ascii: "-"))
        appendAddress(range.upperBound)
        space(max(0, width - (bytes.count - start)))
    }

    /// Right-aligns what was appended since `start` in `width` columns.
    private mutating func padFront(from start: Int, to width: Int) {
        let fill = width - (bytes.count - start)
        guard fill > 0 else { return }
        bytes.insert(contentsOf: repeatElement(UInt8(ascii: " "), count: fill), at: start)
    }

    /// `text` padded with spaces to `width` columns (left-aligned, or right-aligned for
    /// numbers); longer text is kept whole. ASCII only: columns are counted in bytes.
    public mutating func append(_ text: String, width: Int = 0, right: Bool = false) {
        var text = text
        text.withUTF8 { append(bytes: $0, width: width, right: right) }
    }

    public mutating func append(bytes text: UnsafeBufferPointer<UInt8>, width: Int = 0, right: Bool = false) {
        let fill = max(0, width - text.count)
        if right { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: fill)) }
        bytes.append(contentsOf: text)
        if !right { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: fill)) }
    }

    public mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    public mutating func space(_ count: Int = 1) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// `0x7f3a12345000` as `AddressFormatter` writes it (at least 12 hex digits).
    public mutating func appendAddress(_ address: UInt64) {
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "x"))
        let digits = max(12, (64 - address.leadingZeroBitCount + 3) / 4)
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            bytes.append(Self.hex[Int((address >> UInt64(shift)) & 0xF)])
        }
    }

    /// A size as `ByteFormatter` writes it, padded to `width` (right-aligned).
    public mutating func appendSize(_ size: UInt64, width: Int) {
        append(ByteFormatter.format(size), width: width, right: true)
    }

    /// Untrusted text (a path): as is when it is plain printable ASCII, else escaped.
    public mutating func appendUntrusted(_ text: String) {
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F { plain = false; break }
        if plain {
            bytes.append(contentsOf: text.utf8)
        } else {
            bytes.append(contentsOf: SafeText.escape(text).utf8)
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
