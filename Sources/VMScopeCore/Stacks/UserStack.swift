/// The user call stack behind a call (brk, mmap, mremap, munmap), captured in the kernel by
/// walking frame pointers from the registers the call saved, innermost first.
public struct UserStack: Sendable, Hashable {
    /// Instruction addresses, innermost first, as the kernel captured them.
    public var addresses: [UInt64]
    /// The same frames resolved (`StackSymbolizing`); empty until resolved.
    public var frames: [StackFrame]
    /// The capture stopped at the depth limit: there were more frames.
    public var truncated: Bool

    public init(addresses: [UInt64], frames: [StackFrame] = [], truncated: Bool = false) {
        self.addresses = addresses
        self.frames = frames
        self.truncated = truncated
    }
}
