import VMScopeCore

/// A file's .eh_frame: its FDEs indexed by the code they cover, and the CFA row at an address
/// (`row(at:)`), for unwinding the frames a frame-pointer walk cannot (`CFIUnwinder`). Built
/// from the section's bytes and ELF address (`EHFrameTable+Reading` reads them with libelf);
/// addresses are ELF virtual addresses, as the file's symbols are.
///
/// A class: rows found are kept (a storm asks for the same few addresses), and the symbolizer
/// keeps one table per file next to its symbol table.
public final class EHFrameTable {
    private let bytes: [UInt8]
    private let sectionAddress: UInt64
    /// (start, end, FDE offset), sorted by start.
    private let entries: [Entry]
    private var cies: [Int: CIE?] = [:]
    private var rows: [UInt64: CFARow?] = [:]

    /// FDEs indexed.
    public var count: Int { entries.count }

    private struct Entry {
        var start: UInt64
        var end: UInt64
        var offset: Int
    }

    struct CIE {
        var program: CFAProgram
        var initialInstructions: [UInt8]
        var hasAugmentationData: Bool
    }

    /// Indexes every FDE of the section (a CIE or FDE that does not parse is passed over, and a
    /// zero length ends the section, as in the loader's).
    public init(bytes: [UInt8], sectionAddress: UInt64) {
        self.bytes = bytes
        self.sectionAddress = sectionAddress
        var entries: [Entry] = []
        var cies: [Int: CIE?] = [:]
        var offset = 0
        while offset + 4 <= bytes.count {
            var cursor = DWARFCursor(bytes: bytes, offset: offset, baseAddress: sectionAddress)
            guard let (length, idOffset) = Self.length(&cursor), length > 0 else { break }
            let next = idOffset + length
            guard next <= bytes.count, let id = cursor.unsigned(4) else { break }
            if id != 0, let cieOffset = Int(exactly: Int64(idOffset) - Int64(id)), cieOffset >= 0 {
                if cies[cieOffset] == nil { cies[cieOffset] = Self.cie(bytes, at: cieOffset, sectionAddress: sectionAddress) }
                if let cie = cies[cieOffset] ?? nil,
                   let start = cursor.pointer(encoding: cie.program.pointerEncoding),
                   let range = cursor.pointer(encoding: cie.program.pointerEncoding & 0x0f), range > 0 {
                    entries.append(Entry(start: start, end: start &+ range, offset: offset))
                }
            }
            offset = next
        }
        self.entries = entries.sorted { $0.start < $1.start }
        self.cies = cies
    }

    /// The row in force at `address`; nil when no FDE covers it or its program does not run.
    public func row(at address: UInt64) -> CFARow? {
        if let known = rows[address] { return known }
        let found = computeRow(at: address)
        if rows.count >= 65_536 { rows.removeAll(keepingCapacity: true) }
        rows[address] = found
        return found
    }

    private func computeRow(at address: UInt64) -> CFARow? {
        let low = entries.partitionPoint { $0.start > address }
        guard low > 0 else { return nil }
        let entry = entries[low - 1]
        guard address < entry.end else { return nil }
        var cursor = DWARFCursor(bytes: bytes, offset: entry.offset, baseAddress: sectionAddress)
        guard let (length, idOffset) = Self.length(&cursor), let id = cursor.unsigned(4),
              let cieOffset = Int(exactly: Int64(idOffset) - Int64(id)), let cie = cies[cieOffset] ?? nil,
              cursor.pointer(encoding: cie.program.pointerEncoding) != nil,
              cursor.pointer(encoding: cie.program.pointerEncoding & 0x0f) != nil else { return nil }
        if cie.hasAugmentationData {
            guard let skip = cursor.uleb(), skip <= UInt64(bytes.count) else { return nil }
            cursor.offset += Int(skip)
        }
        let end = idOffset + length
        guard cursor.offset <= end, end <= bytes.count else { return nil }
        return cie.program.row(initial: cie.initialInstructions, instructions: Array(bytes[cursor.offset..<end]),
                               start: entry.start, target: address)
    }

    /// An entry's length (the 64-bit form after 0xffffffff) and the offset it counts from.
    private static func length(_ cursor: inout DWARFCursor) -> (Int, Int)? {
        guard var length = cursor.unsigned(4) else { return nil }
        if length == 0xffff_ffff { guard let long = cursor.unsigned(8) else { return nil }; length = long }
        guard let value = Int(exactly: length), value <= cursor.bytes.count else { return nil }
        return (value, cursor.offset)
    }

    /// The CIE at `offset`: version 1 or 3, augmentation "z" followed by R, P, L, S, B.
    static func cie(_ bytes: [UInt8], at offset: Int, sectionAddress: UInt64) -> CIE? {
        var cursor = DWARFCursor(bytes: bytes, offset: offset, baseAddress: sectionAddress)
        guard let (length, idOffset) = length(&cursor), cursor.unsigned(4) == 0,
              let version = cursor.u8(), version == 1 || version == 3 else { return nil }
        let end = idOffset + length
        guard end <= bytes.count else { return nil }
        var augmentation: [UInt8] = []
        while let byte = cursor.u8(), byte != 0 { augmentation.append(byte) }
        guard augmentation.isEmpty || augmentation.first == UInt8(ascii: "z"),
              let codeAlignment = cursor.uleb(), let dataAlignment = cursor.sleb(),
              let returnRegister = version == 1 ? cursor.u8().map(UInt64.init) : cursor.uleb() else { return nil }
        var encoding: UInt8 = 0
        if !augmentation.isEmpty {
            guard let dataLength = cursor.uleb(), cursor.offset <= end, dataLength <= UInt64(end - cursor.offset) else { return nil }
            let dataEnd = cursor.offset + Int(dataLength)
            for letter in augmentation.dropFirst() {
                switch letter {
                case UInt8(ascii: "R"): guard let value = cursor.u8() else { return nil }; encoding = value
                case UInt8(ascii: "L"): guard cursor.u8() != nil else { return nil }
                case UInt8(ascii: "P"):
                    guard let personality = cursor.u8(), cursor.skipPointer(encoding: personality) else { return nil }
                case UInt8(ascii: "S"), UInt8(ascii: "B"): break
                default: return nil
                }
            }
            guard dataEnd <= end else { return nil }
            cursor.offset = dataEnd
        }
        guard cursor.offset <= end else { return nil }
        return CIE(program: CFAProgram(codeAlignment: codeAlignment, dataAlignment: dataAlignment,
                                       returnAddressRegister: returnRegister, pointerEncoding: encoding),
                   initialInstructions: Array(bytes[cursor.offset..<end]), hasAugmentationData: !augmentation.isEmpty)
    }
}
