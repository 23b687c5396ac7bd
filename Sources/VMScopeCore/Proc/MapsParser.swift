/// Parses the text of /proc/PID/maps into `Region`s (all of kind `.anonymous`; run
/// `RegionClassifier` afterwards).
///
/// Each line is `start-end perms offset major:minor inode[ padding pathname]`, as
/// `show_map_vma()` in fs/proc/task_mmu.c writes it: addresses and offset in hex (any width up
/// to 64 bits), device as hex major:minor, inode in decimal, then — only when the mapping has a
/// name — spaces up to a fixed column and the name. The name is everything after that padding
/// up to the newline, so it may contain spaces (and keeps trailing ones); the kernel escapes
/// only `\n` in paths (as `\012`). A name ending in ` (deleted)` loses the suffix and sets
/// `isDeleted`. Anonymous lines end with a single space after the inode.
///
/// Works directly on UTF-8 bytes, one pass, no regular expressions: a process can have 65 000
/// mappings and the sampler reads them every few hundred milliseconds.
public enum MapsParser {
    /// Parses maps text. Throws `MapsParseError` at the first line that does not fit the format.
    public static func parse(_ text: String) throws -> [Region] {
        var text = text
        return try text.withUTF8 { try parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Parses maps bytes as read from the file.
    public static func parse(bytes: [UInt8]) throws -> [Region] {
        try bytes.withUnsafeBytes { try parse(bytes: $0) }
    }

    /// Parses maps bytes as read from the file.
    public static func parse(bytes: UnsafeRawBufferPointer) throws -> [Region] {
        var regions: [Region] = []
        // A maps line is rarely shorter than 50 bytes; reserving avoids regrowth on big files.
        regions.reserveCapacity(bytes.count / 50 + 1)
        var cache = PathCache()
        var lineStart = 0
        var lineNumber = 0
        let count = bytes.count
        while lineStart < count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < count && bytes[lineEnd] != newline { lineEnd += 1 }
            let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            regions.append(try parseLine(line, number: lineNumber, cache: &cache))
            lineStart = lineEnd + 1
        }
        return regions
    }

    // MARK: - One line

    private static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let deletedSuffix = Array(" (deleted)".utf8)

    /// Consecutive lines usually name the same file (a library has four or five mappings), so
    /// the last decoded path is reused instead of building a new String for each line.
    private struct PathCache {
        var bytes: [UInt8] = []
        var string = ""

        mutating func string(for path: UnsafeRawBufferPointer) -> String {
            if path.count == bytes.count && path.elementsEqual(bytes) { return string }
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: path)
            // Invalid UTF-8 (possible in file names) becomes U+FFFD; display code escapes the rest.
            string = String(decoding: path, as: UTF8.self)
            return string
        }
    }

    private static func parseLine(_ line: UnsafeRawBufferPointer, number: Int,
                                  cache: inout PathCache) throws -> Region {
        var i = 0
        func fail(_ problem: String) -> MapsParseError {
            MapsParseError(lineNumber: number, problem: problem, line: displayText(line))
        }
        func field(_ stop: UInt8) -> UnsafeRawBufferPointer {
            let begin = i
            while i < line.count && line[i] != stop { i += 1 }
            return UnsafeRawBufferPointer(rebasing: line[begin..<i])
        }
        func expect(_ byte: UInt8, after what: String) throws {
            guard i < line.count, line[i] == byte else {
                throw fail(i < line.count ? "unexpected \"\(displayText(line[i..<(i + 1)]))\" after \(what)"
                                          : "line ends after \(what)")
            }
            i += 1
        }

        if line.isEmpty { throw fail("empty line") }

        let startText = field(UInt8(ascii: "-"))
        guard let start = hex(startText) else { throw fail("bad start address \"\(displayText(startText))\"") }
        try expect(UInt8(ascii: "-"), after: "the start address")
        let endText = field(space)
        guard let end = hex(endText) else { throw fail("bad end address \"\(displayText(endText))\"") }
        guard end > start else { throw fail("end address \(endText.hexString) is not above start \(startText.hexString)") }
        try expect(space, after: "the address range")

        let permText = field(space)
        guard let permissions = permissions(permText) else {
            throw fail("bad permissions \"\(displayText(permText))\"")
        }
        try expect(space, after: "the permissions")

        let offsetText = field(space)
        guard let offset = hex(offsetText) else { throw fail("bad offset \"\(displayText(offsetText))\"") }
        try expect(space, after: "the offset")

        let deviceText = field(space)
        guard let colon = deviceText.firstIndex(of: UInt8(ascii: ":")),
              let major = hex(UnsafeRawBufferPointer(rebasing: deviceText[..<colon])), major <= UInt32.max,
              let minor = hex(UnsafeRawBufferPointer(rebasing: deviceText[(colon + 1)...])), minor <= UInt32.max
        else { throw fail("bad device \"\(displayText(deviceText))\"") }
        // An anonymous line may end right after the inode in hand-made text; the kernel adds a space.
        if i < line.count { try expect(space, after: "the device") } else { throw fail("line ends after the device") }

        let inodeText = field(space)
        guard let inode = decimal(inodeText) else { throw fail("bad inode \"\(displayText(inodeText))\"") }

        // Padding, then the name (which runs to the end of the line, spaces included).
        while i < line.count && line[i] == space { i += 1 }
        var nameEnd = line.count
        var isDeleted = false
        let suffix = deletedSuffix.count
        if nameEnd - i > suffix,
           UnsafeRawBufferPointer(rebasing: line[(nameEnd - suffix)..<nameEnd]).elementsEqual(deletedSuffix) {
            isDeleted = true
            nameEnd -= suffix
        }
        let pathname = i < nameEnd ? cache.string(for: UnsafeRawBufferPointer(rebasing: line[i..<nameEnd])) : ""

        return Region(start: start, end: end, permissions: permissions, offset: offset,
                      deviceMajor: UInt32(major), deviceMinor: UInt32(minor), inode: inode,
                      pathname: pathname, isDeleted: isDeleted)
    }

    /// Exactly `[r-][w-][x-][ps]`; nil otherwise. (Byte-level twin of `Permissions.init?(_:)`.)
    private static func permissions(_ text: UnsafeRawBufferPointer) -> Permissions? {
        guard text.count == 4 else { return nil }
        func flag(_ byte: UInt8, _ yes: Character, _ no: Character) -> Bool? {
            byte == UInt8(ascii: yes.unicodeScalars.first!) ? true
                : byte == UInt8(ascii: no.unicodeScalars.first!) ? false : nil
        }
        guard let read = flag(text[0], "r", "-"), let write = flag(text[1], "w", "-"),
              let execute = flag(text[2], "x", "-"), let shared = flag(text[3], "s", "p")
        else { return nil }
        return Permissions(read: read, write: write, execute: execute, shared: shared)
    }

    /// 1–16 hex digits (either case) as a 64-bit value; nil otherwise.
    private static func hex(_ digits: UnsafeRawBufferPointer) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    /// 1–20 decimal digits that fit in 64 bits; nil otherwise.
    private static func decimal(_ digits: UnsafeRawBufferPointer) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }

    /// The offending text for an error message: escaped, and cut at 160 bytes so a 4 KiB path
    /// does not flood the terminal.
    private static func displayText(_ bytes: some Collection<UInt8>) -> String {
        let limit = 160
        if bytes.count <= limit { return SafeText.escape(bytes: bytes) }
        return SafeText.escape(bytes: bytes.prefix(limit)) + "…"
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes as text, for messages about fields already known to be short ASCII hex.
    fileprivate var hexString: String { String(decoding: self, as: UTF8.self) }
}
