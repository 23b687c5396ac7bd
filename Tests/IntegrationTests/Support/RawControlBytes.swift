import Foundation

/// Finds bytes a terminal would act on in output meant for one: C0 controls but newline, DEL,
/// and C1 controls (raw 0x80–0x9f bytes that are not UTF-8 continuations, and U+0080–U+009F
/// encoded as C2 80–C2 9F). ESC is 0x1b, so it is among the C0 ones.
enum RawControlBytes {
    /// Each offending byte with a little context, at most `limit` of them.
    static func find(in data: Data, limit: Int = 5) -> [String] {
        let bytes = [UInt8](data)
        var found: [String] = []
        var index = 0
        while index < bytes.count, found.count < limit {
            let byte = bytes[index]
            var bad = (byte < 0x20 && byte != 0x0a) || byte == 0x7f
            if byte == 0xc2, index + 1 < bytes.count, (0x80...0x9f).contains(bytes[index + 1]) { bad = true }
            // A lone 0x80–0x9f not continuing a multi-byte sequence is a raw 8-bit C1 control.
            if (0x80...0x9f).contains(byte), index == 0 || bytes[index - 1] < 0x80 { bad = true }
            if bad {
                let context = bytes[max(0, index - 30)..<min(bytes.count, index + 10)]
                found.append("0x\(String(byte, radix: 16)) at \(index) in \(String(decoding: context, as: UTF8.self).debugDescription)")
            }
            index += 1
        }
        return found
    }
}
