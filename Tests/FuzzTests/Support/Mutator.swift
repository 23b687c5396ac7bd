/// Byte-level mutations in the style of libFuzzer's (which the SwiftPM build cannot use: it
/// passes `-sanitize=fuzzer` to every target, and the executables' own `main` then clashes with
/// libFuzzer's). Stacked a few at a time on a seed, they reach inputs a generator would not
/// think of: cut lines, doubled fields, digits turned into letters, huge numbers.
struct Mutator {
    /// Bytes that mean something to one of the parsers: separators, digits, hex, UTF-8 lead
    /// and continuation bytes, controls, and the numbers around integer limits.
    static let interestingBytes: [UInt8] = [0, 0x09, 0x0a, 0x0d, 0x1b, 0x20, 0x22, 0x23, 0x27, 0x28, 0x29, 0x2d,
                                            0x2e, 0x2f, 0x30, 0x39, 0x3a, 0x3d, 0x5b, 0x5c, 0x5d, 0x61, 0x66,
                                            0x67, 0x7f, 0x80, 0x9b, 0xbf, 0xc0, 0xc2, 0xe2, 0xed, 0xf0, 0xf4,
                                            0xf5, 0xff]
    static let tokens: [[UInt8]] = [
        "18446744073709551615", "18446744073709551616", "9223372036854775808", "-9223372036854775808",
        "4294967295", "2147483648", "ffffffffffffffff", "10000000000000000", "0000000000000000-", " (deleted)",
        "[heap]", "[stack]", "[vdso]", "[anon:", "((", "))", ") ", "\n\n", " kB\n", "Uid:\t", "VmRSS:", "Size:",
        "[colors]", "[roles.", "\"\"\"", "'''", "= \"#", "= [", "\\u", "\\U0010FFFF", "\\", "\u{1b}[31m",
        "\u{1b}]0;t\u{07}", "\u{202e}", "\u{200b}", "\u{fe0f}", "\u{1f600}",
    ].map { Array($0.utf8) }

    var maxLength: Int

    func mutate(_ input: [UInt8], seeds: [[UInt8]], using random: inout FuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + random.below(4)) {
            mutateOnce(&bytes, seeds: seeds, using: &random)
        }
        if bytes.count > maxLength { bytes.removeLast(bytes.count - maxLength) }
        return bytes
    }

    private func mutateOnce(_ bytes: inout [UInt8], seeds: [[UInt8]], using random: inout FuzzRandom) {
        let position = random.below(bytes.count + 1)
        switch random.below(10) {
        case 0 where !bytes.isEmpty: // flip a bit
            let index = min(position, bytes.count - 1)
            bytes[index] ^= UInt8(1) << UInt8(random.below(8))
        case 1 where !bytes.isEmpty: // overwrite with a byte that matters
            bytes[min(position, bytes.count - 1)] = Self.interestingBytes[random.below(Self.interestingBytes.count)]
        case 2 where !bytes.isEmpty: // any byte
            bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
        case 3 where !bytes.isEmpty: // delete a range
            let length = min(bytes.count - min(position, bytes.count - 1), 1 + random.below(16))
            let start = min(position, bytes.count - 1)
            bytes.removeSubrange(start..<(start + length))
        case 4: // insert a token
            bytes.insert(contentsOf: Self.tokens[random.below(Self.tokens.count)], at: position)
        case 5 where !bytes.isEmpty: // duplicate a range (repeated fields, repeated lines)
            let start = random.below(bytes.count)
            let end = min(bytes.count, start + 1 + random.below(64))
            bytes.insert(contentsOf: bytes[start..<end], at: position)
        case 6 where !seeds.isEmpty: // splice in part of another seed
            let other = seeds[random.below(seeds.count)]
            guard !other.isEmpty else { return }
            let start = random.below(other.count)
            let end = min(other.count, start + 1 + random.below(128))
            bytes.insert(contentsOf: other[start..<end], at: position)
        case 7 where !bytes.isEmpty: // change a digit into another digit (keeps the shape)
            let digits = bytes.indices.filter { (0x30...0x39).contains(bytes[$0]) }
            guard !digits.isEmpty else { return }
            bytes[digits[random.below(digits.count)]] = UInt8(0x30 + random.below(10))
        case 8: // a long run of one byte (very long lines, very long numbers)
            let byte = Self.interestingBytes[random.below(Self.interestingBytes.count)]
            bytes.insert(contentsOf: repeatElement(byte, count: 1 + random.below(4096)), at: position)
        default: // truncate
            if !bytes.isEmpty { bytes.removeLast(random.below(bytes.count) / 2 + 1) }
        }
    }
}
