/// One function symbol of an ELF file: where it starts (its ELF virtual address) and how long it
/// is. The name is the file's bytes as data: it may hold anything, and is escaped where shown.
public struct ELFSymbol: Sendable, Hashable {
    public var start: UInt64
    /// 0 for a symbol that declared no size: it then covers only its exact address.
    public var size: UInt64
    public var name: String

    public init(start: UInt64, size: UInt64, name: String) {
        self.start = start
        self.size = size
        self.name = name
    }

    /// [start, start+size) holds `address`; a size-0 symbol only its own address.
    public func covers(_ address: UInt64) -> Bool {
        size == 0 ? address == start : address >= start && address - start < size
    }
}
