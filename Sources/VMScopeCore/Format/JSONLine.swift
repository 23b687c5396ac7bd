/// Builds one JSON object as a single line with keys in the order they were added (JSONEncoder
/// sorts or scrambles them, which makes `trace --json` output hard to read by eye).
///
/// It writes UTF-8 bytes straight into one buffer — keys are literals, numbers are formatted
/// digit by digit — because `trace --json` encodes every event of a storm: building each record
/// from Strings cost more than everything else vmscope does with the event.
public struct JSONLine {
    public private(set) var bytes: [UInt8]
    private var empty = true

    public init() {
        bytes = [UInt8(ascii: "{")]
        bytes.reserveCapacity(192)
    }

    /// Empties the object for the next record, keeping the buffer: a writer that builds a line
    /// per event allocates nothing per event.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "{"))
        empty = true
    }

    public mutating func add(_ key: StaticString, _ value: String?) {
        appendKey(key)
        if let value { Self.appendQuoted(value, to: &bytes) } else { appendNull() }
    }

    public mutating func add(_ key: StaticString, _ value: some BinaryInteger) {
        appendKey(key)
        Self.appendInteger(value, to: &bytes)
    }

    public mutating func add<Integer: BinaryInteger>(_ key: StaticString, _ value: Integer?) {
        appendKey(key)
        if let value { Self.appendInteger(value, to: &bytes) } else { appendNull() }
    }

    public mutating func add<Integer: BinaryInteger>(_ key: StaticString, integers: [Integer]) {
        appendKey(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in integers.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.appendInteger(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func add(_ key: StaticString, _ value: Double) {
        appendKey(key)
        if value.isFinite { bytes.append(contentsOf: String(value).utf8) } else { appendNull() }
    }

    /// A number of seconds given in nanoseconds, written with up to nine decimals (`0.026341717`,
    /// `-1.5`): exact, and without formatting a Double.
    public mutating func add(_ key: StaticString, nanoseconds: Int64) {
        appendKey(key)
        let magnitude = nanoseconds.magnitude
        if nanoseconds < 0 { bytes.append(UInt8(ascii: "-")) }
        Self.appendInteger(magnitude / 1_000_000_000, to: &bytes)
        var fraction = magnitude % 1_000_000_000
        bytes.append(UInt8(ascii: "."))
        guard fraction != 0 else { return bytes.append(UInt8(ascii: "0")) }
        var digits = 9
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        var text: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (48, 48, 48, 48, 48, 48, 48, 48, 48)
        withUnsafeMutableBytes(of: &text) { buffer in
            var index = digits - 1
            while fraction > 0 {
                buffer[index] = UInt8(ascii: "0") + UInt8(fraction % 10)
                fraction /= 10
                index -= 1
            }
            bytes.append(contentsOf: buffer[0..<digits])
        }
    }

    public mutating func add(_ key: StaticString, _ value: Bool) {
        appendKey(key)
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    public mutating func add(_ key: StaticString, _ values: [String]) {
        appendKey(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An array of objects, each written in place by `encode` (which adds its keys to this
    /// line): no buffer per element, where a 60 000-region layout made 60 000 of them.
    public mutating func add<Elements: Sequence>(_ key: StaticString, objectsOf elements: Elements,
                                                 _ encode: (inout JSONLine, Elements.Element) -> Void) {
        appendKey(key)
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            bytes.append(UInt8(ascii: "{"))
            empty = true
            encode(&self, element)
            bytes.append(UInt8(ascii: "}"))
        }
        empty = false
        bytes.append(UInt8(ascii: "]"))
    }

    /// An object written in place by `encode` (which adds its keys to this line).
    public mutating func add(_ key: StaticString, _ encode: (inout JSONLine) -> Void) {
        appendKey(key)
        bytes.append(UInt8(ascii: "{"))
        empty = true
        encode(&self)
        empty = false
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func add(_ key: StaticString, object: JSONLine) {
        appendKey(key)
        bytes.append(contentsOf: object.bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Adds an already-encoded JSON value.
    public mutating func addRaw(_ key: StaticString, _ json: String) {
        appendKey(key)
        bytes.append(contentsOf: json.utf8)
    }

    /// Adds an already-encoded JSON value given as UTF-8 bytes (one encoded once and reused).
    public mutating func addRaw(_ key: StaticString, bytes json: [UInt8]) {
        appendKey(key)
        bytes.append(contentsOf: json)
    }

    /// The encoded value of the one key added to an otherwise empty line (`{"k":VALUE` → VALUE):
    /// builds a value once with the usual `add` calls, for `addRaw(_:bytes:)` to reuse.
    public var soleValueBytes: ArraySlice<UInt8> {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return [] }
        return bytes[(colon + 1)...]
    }

    /// The object as text.
    public var rendered: String { String(decoding: bytes + [UInt8(ascii: "}")], as: UTF8.self) }

    /// Writes the object and a newline to `output` without making a String of it.
    public func write(to output: LineOutput) {
        output.write(bytes: bytes)
        output.write(bytes: Self.closing)
    }

    // MARK: - Bytes

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
    private static let closing = Array("}\n".utf8)

    private mutating func appendNull() { bytes.append(contentsOf: Self.nullBytes) }

    /// `"key":` — keys are literals in the code, plain ASCII that needs no escaping.
    private mutating func appendKey(_ key: StaticString) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    static func appendInteger(_ value: some BinaryInteger, to bytes: inout [UInt8]) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDecimal(UInt64(truncatingIfNeeded: -Int64(truncatingIfNeeded: value)), to: &bytes)
        } else {
            appendDecimal(UInt64(truncatingIfNeeded: value), to: &bytes)
        }
    }

    /// Digits written into a small buffer on the stack, then appended at once: nothing generic,
    /// so it stays cheap even unoptimised (the tests' debug builds trace storms too).
    private static func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
        guard value >= 10 else { return bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            var rest = value
            while rest > 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }

    /// A JSON string literal; control characters (C0, DEL and the C1 range) are escaped, so
    /// untrusted paths cannot break the line or reach a terminal raw. Text with nothing to
    /// escape (almost all of it) is copied in one go.
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = string
        let plain: Bool = text.withUTF8 { utf8 in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                || byte == 0x7F || byte == 0xC2 {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain { appendEscaped(text, to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A literal value in the code (a record type, an event kind): plain ASCII, nothing to escape.
    public mutating func add(_ key: StaticString, literal value: StaticString) {
        appendKey(key)
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ string: String, to bytes: inout [UInt8]) {
        var previous: UInt8 = 0
        for byte in string.utf8 {
            defer { previous = byte }
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F:
                appendUnicodeEscape(byte, to: &bytes)
            case 0x80...0x9F where previous == 0xC2:
                // U+0080...U+009F, encoded C2 80...C2 9F: the C2 is already written; replace it.
                bytes.removeLast()
                appendUnicodeEscape(byte, to: &bytes)
            default:
                bytes.append(byte)
            }
        }
    }

    private static func appendUnicodeEscape(_ value: UInt8, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                  hex[Int(value >> 4)], hex[Int(value & 0xF)]])
    }

    /// A JSON string literal as text.
    public static func quote(_ string: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
