import CLibbpf
import Glibc

extension EHFrameTable {
    /// The .eh_frame of the ELF file open at `descriptor` (the caller keeps and closes it); nil
    /// when it has none (or no section headers).
    public convenience init?(descriptor: Int32) {
        guard elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE),
              let elf = elf_begin(descriptor, ELF_C_READ_MMAP, nil) else { return nil }
        defer { elf_end(elf) }
        var names = 0
        guard elf_kind(elf) == ELF_K_ELF, elf_getshdrstrndx(elf, &names) == 0 else { return nil }
        var section = elf_nextscn(elf, nil)
        while let current = section {
            var header = GElf_Shdr()
            if gelf_getshdr(current, &header) != nil, // PROGBITS from GNU ld, SHT_X86_64_UNWIND from lld
               header.sh_type == UInt32(SHT_PROGBITS) || header.sh_type == 0x7000_0001,
               let name = elf_strptr(elf, names, Int(header.sh_name)), strcmp(name, ".eh_frame") == 0,
               let data = elf_getdata(current, nil), let buffer = data.pointee.d_buf {
                let bytes = Array(UnsafeRawBufferPointer(start: buffer, count: data.pointee.d_size))
                self.init(bytes: bytes, sectionAddress: header.sh_addr)
                return
            }
            section = elf_nextscn(elf, current)
        }
        return nil
    }
}
