import CLibbpf
import Glibc

extension ELFSymbolTable {
    /// Reads the symbols, load segments and build-id of the ELF file open at `descriptor` (the
    /// caller keeps and closes it). Function symbols come from .symtab when the file has one,
    /// else from .dynsym.
    public init(descriptor: Int32) throws(ELFReadError) {
        guard elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE) else {
            throw ELFReadError("libelf is older than this program's ELF version")
        }
        guard let elf = elf_begin(descriptor, ELF_C_READ_MMAP, nil) else {
            throw ELFReadError(Self.libelfError())
        }
        defer { elf_end(elf) }
        guard elf_kind(elf) == ELF_K_ELF else { throw ELFReadError("not an ELF file") }

        let segments = Self.loadSegments(elf)
        var symbols: [ELFSymbol] = []
        var source = ELFSymbolSource.none
        var buildID: String?
        var symtab: OpaquePointer?, dynsym: OpaquePointer?
        var section = elf_nextscn(elf, nil)
        while let current = section {
            var header = GElf_Shdr()
            if gelf_getshdr(current, &header) != nil {
                switch Int32(truncatingIfNeeded: header.sh_type) {
                case SHT_SYMTAB: symtab = current
                case SHT_DYNSYM: dynsym = current
                case SHT_NOTE where buildID == nil: buildID = Self.buildID(inNotes: elf_getdata(current, nil))
                default: break
                }
            }
            section = elf_nextscn(elf, current)
        }
        if buildID == nil { buildID = Self.buildIDFromSegments(elf) }
        if let symtab {
            symbols = Self.functions(in: symtab, of: elf)
            source = .symtab
        }
        // A .symtab without functions (some stripped-then-relinked files keep an empty one).
        if symbols.isEmpty, let dynsym {
            symbols = Self.functions(in: dynsym, of: elf)
            source = .dynsym
        }
        self.init(symbols: symbols, segments: segments, buildID: buildID, source: source)
    }

    /// Opens `path` and reads it.
    public init(path: String) throws(ELFReadError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ELFReadError("\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        try self.init(descriptor: descriptor)
    }

    private static func libelfError() -> String {
        guard let message = elf_errmsg(-1) else { return "unreadable ELF file" }
        return String(cString: message)
    }

    private static func loadSegments(_ elf: OpaquePointer) -> [ELFLoadSegment] {
        var count = 0
        guard elf_getphdrnum(elf, &count) == 0 else { return [] }
        var segments: [ELFLoadSegment] = []
        // Every number below is the file's: converted without trapping (a damaged or hostile
        // file must not stop vmscope).
        for index in 0..<min(count, Int(UInt16.max)) {
            var header = GElf_Phdr()
            guard gelf_getphdr(elf, Int32(index), &header) != nil, header.p_type == UInt32(PT_LOAD) else { continue }
            segments.append(ELFLoadSegment(fileOffset: header.p_offset, virtualAddress: header.p_vaddr,
                                           fileSize: header.p_filesz))
        }
        return segments
    }

    /// The function symbols of one symbol table, aliases folded: where several names share one
    /// start and size (`mmap` and `__mmap`, `malloc` and `__libc_malloc`), the one with fewer
    /// leading underscores is kept, then a global one over a weak one over a local one, then the
    /// shorter (`mmap` over `mmap64`), then the first in byte order so the choice never depends
    /// on the table's order: the name a reader knows (glibc exports `mmap` weak and `__mmap`
    /// global).
    private static func functions(in section: OpaquePointer, of elf: OpaquePointer) -> [ELFSymbol] {
        var header = GElf_Shdr()
        guard gelf_getshdr(section, &header) != nil, header.sh_entsize > 0,
              let data = elf_getdata(section, nil) else { return [] }
        // As many entries as the data libelf has (the header's size may claim more).
        let count = min(Int(clamping: min(header.sh_size, UInt64(data.pointee.d_size)) / header.sh_entsize), Int(Int32.max))
        let strings = Int(header.sh_link)
        struct Candidate { var symbol: ELFSymbol; var rank: Int }
        var best: [RangeKey: Candidate] = [:]
        best.reserveCapacity(count / 2)
        for index in 0..<count {
            var entry = GElf_Sym()
            guard gelf_getsym(data, Int32(index), &entry) != nil else { continue }
            let type = Int32(truncatingIfNeeded: entry.st_info & 0xf)
            guard type == STT_FUNC || type == STT_GNU_IFUNC, entry.st_shndx != UInt16(SHN_UNDEF), entry.st_value != 0,
                  let namePointer = elf_strptr(elf, strings, Int(entry.st_name)) else { continue }
            let name = Self.name(namePointer)
            guard !name.isEmpty else { continue }
            let binding = Int32(truncatingIfNeeded: entry.st_info >> 4)
            let bindingRank = binding == STB_GLOBAL ? 0 : binding == STB_WEAK ? 1 : 2
            let underscores = name.utf8.prefix { $0 == UInt8(ascii: "_") }.count
            let rank = min(underscores, 999) * 10 + bindingRank
            let key = RangeKey(start: entry.st_value, size: entry.st_size)
            if let current = best[key] {
                let currentName = current.symbol.name
                if (current.rank, currentName.utf8.count) < (rank, name.utf8.count) { continue }
                if (current.rank, currentName.utf8.count) == (rank, name.utf8.count),
                   !name.utf8.lexicographicallyPrecedes(currentName.utf8) { continue }
            }
            best[key] = Candidate(symbol: ELFSymbol(start: entry.st_value, size: entry.st_size, name: name), rank: rank)
        }
        return best.values.map(\.symbol)
    }

    private struct RangeKey: Hashable {
        var start: UInt64
        var size: UInt64
    }

    /// A name from the string table as it is: bytes that are not UTF-8 become U+FFFD, nothing
    /// else is changed here (control characters are escaped where names are shown).
    private static func name(_ pointer: UnsafeMutablePointer<CChar>) -> String {
        let length = strnlen(pointer, 4096)
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// The NT_GNU_BUILD_ID note's descriptor in hex, from one note section's or segment's data.
    private static func buildID(inNotes data: UnsafeMutablePointer<Elf_Data>?) -> String? {
        guard let data, let base = data.pointee.d_buf else { return nil }
        var offset = 0
        while offset < data.pointee.d_size {
            var note = GElf_Nhdr()
            var nameOffset = 0, descriptorOffset = 0
            let next = gelf_getnote(data, offset, &note, &nameOffset, &descriptorOffset)
            guard next > offset else { break }
            offset = next
            guard note.n_type == UInt32(NT_GNU_BUILD_ID), note.n_namesz == 4, note.n_descsz > 0,
                  nameOffset + 4 <= data.pointee.d_size, descriptorOffset + Int(note.n_descsz) <= data.pointee.d_size
            else { continue }
            let name = base.advanced(by: nameOffset).assumingMemoryBound(to: UInt8.self)
            guard name[0] == UInt8(ascii: "G"), name[1] == UInt8(ascii: "N"), name[2] == UInt8(ascii: "U"), name[3] == 0
            else { continue }
            let bytes = UnsafeRawBufferPointer(start: base.advanced(by: descriptorOffset), count: Int(note.n_descsz))
            return bytes.map { byte in
                let digits = Array("0123456789abcdef".utf8)
                return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xf)]], as: UTF8.self)
            }.joined()
        }
        return nil
    }

    /// A file with its section headers stripped away still has its PT_NOTE segments.
    private static func buildIDFromSegments(_ elf: OpaquePointer) -> String? {
        var count = 0
        guard elf_getphdrnum(elf, &count) == 0 else { return nil }
        for index in 0..<min(count, Int(UInt16.max)) {
            var header = GElf_Phdr()
            guard gelf_getphdr(elf, Int32(index), &header) != nil, header.p_type == UInt32(PT_NOTE),
                  let offset = Int64(exactly: header.p_offset), let size = Int(exactly: header.p_filesz) else { continue }
            // 8-aligned notes (as recent linkers write .note.gnu.property) are read by another layout.
            let data = elf_getdata_rawchunk(elf, offset, size,
                                            header.p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR)
            if let found = buildID(inNotes: data) { return found }
        }
        return nil
    }
}
