/// Builds one JSON object as a single line with keys in the order they were added (JSONEncoder
/// sorts or scrambles them, which makes `trace --json` output hard to read by eye).
public struct JSONLine {
    private var text = "{"
    private var empty = true

    public init() {}

    public mutating func add(_ key: String, _ value: String?) {
        guard let value else { return addRaw(key, "null") }
        addRaw(key, Self.quote(value))
    }

    public mutating func add(_ key: String, _ value: some BinaryInteger) {
        addRaw(key, String(value))
    }

    public mutating func add<Integer: BinaryInteger>(_ key: String, _ value: Integer?) {
        guard let value else { return addRaw(key, "null") }
        addRaw(key, String(value))
    }

    public mutating func add<Integer: BinaryInteger>(_ key: String, integers: [Integer]) {
        addRaw(key, "[" + integers.map { String($0) }.joined(separator: ",") + "]")
    }

    public mutating func add(_ key: String, _ value: Double) {
        addRaw(key, value.isFinite ? String(value) : "null")
    }

    public mutating func add(_ key: String, _ value: Bool) {
        addRaw(key, value ? "true" : "false")
    }

    public mutating func add(_ key: String, _ values: [String]) {
        addRaw(key, "[" + values.map(Self.quote).joined(separator: ",") + "]")
    }

    public mutating func add(_ key: String, objects: [JSONLine]) {
        addRaw(key, "[" + objects.map(\.rendered).joined(separator: ",") + "]")
    }

    public mutating func add(_ key: String, object: JSONLine) {
        addRaw(key, object.rendered)
    }

    /// Adds an already-encoded JSON value.
    public mutating func addRaw(_ key: String, _ json: String) {
        if !empty { text += "," }
        empty = false
        text += Self.quote(key) + ":" + json
    }

    public var rendered: String { text + "}" }

    /// A JSON string literal; control characters are escaped, so untrusted paths cannot break
    /// the line or reach a terminal raw.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
