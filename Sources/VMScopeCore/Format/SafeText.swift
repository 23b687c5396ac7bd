/// Makes untrusted text (process names, paths, command lines) safe to show on a terminal:
/// control characters and invalid UTF-8 become visible escapes instead of reaching the tty.
public enum SafeText {
    /// `\n` → `\n` (two characters), other C0/C1 controls and DEL → `\xNN` / `\u{NN}`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x1B: out += "\\e"
            case 0x00..<0x20, 0x7F:
                out += "\\x" + hex2(scalar.value)
            case 0x80..<0xA0:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F:
                // Line separators and bidi overrides can reorder or hide what follows.
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Decodes bytes read from /proc (which may be any bytes) and escapes them. Invalid UTF-8
    /// bytes become `\xNN`.
    public static func escape(bytes: some Collection<UInt8>) -> String {
        var out = ""
        var pending: [UInt8] = []
        func flush() {
            if pending.isEmpty { return }
            if let s = String(validating: pending, as: UTF8.self) {
                out += escape(s)
            } else {
                // Fall back byte by byte so the valid parts still read normally.
                for b in pending {
                    if b < 0x80 { out += escape(String(UnicodeScalar(b))) } else { out += "\\x" + hex2(UInt32(b)) }
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        for b in bytes { pending.append(b) }
        flush()
        return out
    }

    private static func hex2(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: false)
        return s.count == 1 ? "0" + s : s
    }
}
