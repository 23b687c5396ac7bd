/// Which table an ELF file's function names came from.
public enum ELFSymbolSource: String, Sendable {
    /// The full table, local functions included (a file not stripped).
    case symtab
    /// The dynamic table only (a stripped file): exported functions only.
    case dynsym
    /// Neither: frames in the file are shown as `module+0xoffset`.
    case none
}
