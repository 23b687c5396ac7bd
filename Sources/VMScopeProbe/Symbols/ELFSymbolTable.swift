import VMScopeCore

/// What the stack symbolizer needs of one ELF file (a program or a shared library): its function
/// symbols sorted by address, its PT_LOAD segments to turn a file offset into the ELF virtual
/// address the symbols use, and its GNU build-id. Read once per file (`ELFSymbolTable+Reading`).
public struct ELFSymbolTable: Sendable {
    /// Function symbols (STT_FUNC, STT_GNU_IFUNC) with an address, sorted by `start`; one per
    /// address range (aliases at the same start and size are folded into one name).
    public let symbols: [ELFSymbol]
    public let segments: [ELFLoadSegment]
    /// The GNU build-id note in lowercase hex; nil when the file has none.
    public let buildID: String?
    public let source: ELFSymbolSource
    /// `coveredUpTo[i]`: the largest end of `symbols[0...i]`, so a lookup walks back from the
    /// last symbol starting at or below an address only while an earlier one may still cover it
    /// (a symbol nested in a larger one, such as a local label-function inside a big routine).
    private let coveredUpTo: [UInt64]

    public init(symbols: [ELFSymbol], segments: [ELFLoadSegment], buildID: String?, source: ELFSymbolSource) {
        // At one start the larger range first: walking back from an address meets the inner one
        // first.
        let sorted = symbols.sorted { $0.start != $1.start ? $0.start < $1.start : $0.size > $1.size }
        self.symbols = sorted
        self.segments = segments
        self.buildID = buildID
        self.source = sorted.isEmpty ? .none : source
        var reach: [UInt64] = []
        reach.reserveCapacity(sorted.count)
        var far: UInt64 = 0
        for symbol in sorted {
            far = max(far, symbol.start &+ max(symbol.size, 1))
            reach.append(far)
        }
        coveredUpTo = reach
    }

    /// The ELF virtual address of the byte at `fileOffset` in the file: in the PT_LOAD segment
    /// holding that offset, `offset - p_offset + p_vaddr`. This is the same for PIE and non-PIE
    /// files and whatever the load bias (the mapping's start and offset already place the byte
    /// in the file); nil when no segment loads that byte.
    public func virtualAddress(fileOffset: UInt64) -> UInt64? {
        for segment in segments where fileOffset >= segment.fileOffset && fileOffset - segment.fileOffset < segment.fileSize {
            return fileOffset - segment.fileOffset &+ segment.virtualAddress
        }
        return nil
    }

    /// The symbol whose range covers `address` (an ELF virtual address), the innermost when
    /// ranges nest; nil when none does. Never the nearest symbol below: past a function's end is
    /// padding or code without a symbol, and a name there would be a guess.
    public func symbol(covering address: UInt64) -> ELFSymbol? {
        // Just before the first symbol starting above the address.
        var index = symbols.partitionPoint { $0.start > address } - 1
        while index >= 0, coveredUpTo[index] > address {
            if symbols[index].covers(address) { return symbols[index] }
            index -= 1
        }
        return nil
    }
}
