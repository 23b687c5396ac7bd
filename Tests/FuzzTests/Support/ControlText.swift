/// What must never reach a terminal raw: C0 controls but newline, DEL, and C1 controls
/// (U+0080–U+009F, which some terminals treat as ESC-sequences: U+009B is CSI).
enum ControlText {
    static func isRaw(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x0a) || (0x7f...0x9f).contains(v)
    }

    static func hasRaw(_ text: String) -> Bool { text.unicodeScalars.contains(where: isRaw) }

    /// For an error message, which is one line: newline counts too.
    static func hasRawInLine(_ text: String) -> Bool { text.unicodeScalars.contains { isRaw($0) || $0 == "\n" } }
}
