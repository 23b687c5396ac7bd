/// The user call stack behind a call (brk, mmap, mremap, munmap), captured in the kernel by
/// walking frame pointers from the registers the call saved, innermost first.
public struct UserStack: Sendable, Hashable {
    /// Instruction addresses, innermost first: as the kernel captured them until the symbolizer
    /// has unwound the innermost frames by their CFI (`registers`), then the final list.
    public var addresses: [UInt64]
    /// The same frames resolved (`StackSymbolizing`); empty until resolved.
    public var frames: [StackFrame]
    /// The capture stopped at the depth limit, or the CFI unwinding ended where the stack went
    /// on: there were more frames.
    public var truncated: Bool
    /// What the kernel sent for unwinding the innermost frames in userspace; the symbolizer
    /// consumes it and sets it to nil (it is never recorded).
    public var registers: Registers?
    /// The frame-pointer walk may have skipped the caller of frame 0 (a function without frame
    /// pointers, such as a glibc wrapper, leaves bp to its caller, whose own return address is
    /// the walk's first): frames 1... are callers, but frame 1 is not known to be the direct
    /// one. Set when the CFI could not check it; `interestingFrame` then names no frame past 0.
    public var callerMayBeSkipped: Bool

    /// The user registers at the call and the top of the user stack.
    public struct Registers: Sendable, Hashable {
        public var sp: UInt64
        public var bp: UInt64
        /// Bytes of the user stack from `sp`; empty when the kernel could not read them.
        public var window: [UInt8]

        public init(sp: UInt64, bp: UInt64, window: [UInt8]) {
            self.sp = sp
            self.bp = bp
            self.window = window
        }
    }

    public init(addresses: [UInt64], frames: [StackFrame] = [], truncated: Bool = false,
                registers: Registers? = nil, callerMayBeSkipped: Bool = false) {
        self.addresses = addresses
        self.frames = frames
        self.truncated = truncated
        self.registers = registers
        self.callerMayBeSkipped = callerMayBeSkipped
    }
}
