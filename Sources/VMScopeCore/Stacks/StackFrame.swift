/// One frame of a user call stack, resolved where it was captured (a recording carries frames,
/// not just addresses, so it replays on a machine without the program's files).
public struct StackFrame: Sendable, Hashable {
    /// The instruction address as the kernel captured it (the innermost frame's is where the
    /// call was made; the others are return addresses).
    public var address: UInt64
    /// The mapped file the address lies in; nil when no file mapping holds it (anonymous or
    /// JIT code, or an address outside every mapping: a frame pointer chain gone astray).
    public var module: String?
    /// Offset of `address` in `module` (the file offset, not the mapping's).
    public var moduleOffset: UInt64
    /// The function whose symbol covers the address (.symtab, else .dynsym); nil when no symbol
    /// does. Never the nearest symbol below: that would be a guess.
    public var symbol: String?
    /// Bytes from the symbol's start.
    public var symbolOffset: UInt64
    /// The module's GNU build-id in hex, when it has one: says which build the names came from.
    public var buildID: String?

    public init(address: UInt64, module: String? = nil, moduleOffset: UInt64 = 0, symbol: String? = nil,
                symbolOffset: UInt64 = 0, buildID: String? = nil) {
        self.address = address
        self.module = module
        self.moduleOffset = moduleOffset
        self.symbol = symbol
        self.symbolOffset = symbolOffset
        self.buildID = buildID
    }
}
