/// Where a call came from, for the diff's cause lines: the stack's interesting frame (the
/// innermost in the program's own code, past libc, the loader and allocators), else its
/// innermost resolved frame, else the innermost bare address. Written as `StackFrame.text`
/// (escaped).
public enum StackFrameLabel {
    public static func label(for stack: UserStack) -> String? {
        if let frame = stack.interestingFrame ?? stack.frames.first { return frame.text }
        return stack.addresses.first.map(AddressFormatter.format)
    }
}
