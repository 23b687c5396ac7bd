import VMScopeCore

/// maps lines as the kernel prints them (`%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu`, padding,
/// then the name), with names drawn from what hostile processes can choose.
enum MapsLineGenerator {
    struct Expected { var start: UInt64; var end: UInt64; var pathname: String }

    static let names: [String] = [
        "", "[heap]", "[stack]", "[vdso]", "[vvar]", "[anon:glibc: malloc]", "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/memfd:x (deleted)", "/tmp/a b  c", "/tmp/\u{1b}[31mred", "/tmp/\u{1b}]0;title\u{07}", "/tmp/\u{9b}2J",
        "/tmp/日本語", "/tmp/e\u{301}", "/tmp/\u{200b}\u{200d}", "/tmp/\u{1f469}\u{200d}\u{1f4bb}", "[anon:\u{7f}]",
        "/tmp/" + String(repeating: "x", count: 4000),
    ]

    static func lines(using random: inout FuzzRandom, wellFormed: Bool = false) -> (text: [UInt8], expected: [Expected]) {
        var text: [UInt8] = []
        var expected: [Expected] = []
        for _ in 0..<(1 + random.below(8)) {
            let start = random.chance(8) ? UInt64.max - UInt64(random.below(0x10000)) : random.next() >> UInt64(16 + random.below(48))
            let end = start &+ UInt64(1 + random.below(1 << 24))
            let perms = ["r", "-"][random.below(2)] + ["w", "-"][random.below(2)] + ["x", "-"][random.below(2)] + ["p", "s"][random.below(2)]
            let name = names[random.below(names.count)]
            let padding = name.isEmpty ? " " : " " + String(repeating: " ", count: random.below(30))
            let line = hex(start, 8) + "-" + hex(end, 8) + " " + perms + " " + hex(random.next() >> 40, 8) + " "
                + hex(UInt64(random.below(256)), 2) + ":" + hex(UInt64(random.below(256)), 2) + " "
                + String(random.next() >> UInt64(random.below(64))) + padding + name
            if wellFormed && end <= start { continue }
            text += Array(line.utf8) + [0x0a]
            var pathname = name
            if pathname.hasSuffix(" (deleted)") { pathname.removeLast(" (deleted)".count) }
            expected.append(Expected(start: start, end: end, pathname: pathname))
        }
        if !wellFormed, random.chance(4) {
            // Invalid UTF-8 and NUL inside a name: the kernel escapes only newline (\012).
            text.insert(contentsOf: [0xff, 0xc0, 0x80, 0x00, 0xed, 0xa0, 0x80], at: max(0, text.count - 1))
        }
        return (text, expected)
    }

    static func hex(_ value: UInt64, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
