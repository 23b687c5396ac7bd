/// A one-line name for where a call came from, for the diff's cause lines: the innermost
/// resolved frame as `symbol+0x1f (module)`, else `module+0x1234`, else the bare address.
///
/// Frame 0 is the innermost frame the stack walk captured; a later helper that skips allocator
/// and libc frames (an "interesting frame") can replace the choice here without touching the
/// renderers. Symbol and module names come from the process's files: escaped here.
public enum StackFrameLabel {
    public static func label(for stack: UserStack) -> String? {
        if let frame = stack.frames.first { return label(for: frame) }
        return stack.addresses.first.map(AddressFormatter.format)
    }

    public static func label(for frame: StackFrame) -> String {
        let module = frame.module.map { SafeText.escape(baseName($0)) }
        if let symbol = frame.symbol {
            var text = SafeText.escape(symbol)
            if frame.symbolOffset != 0 { text += "+0x" + String(frame.symbolOffset, radix: 16) }
            if let module { text += " (" + module + ")" }
            return text
        }
        if let module { return module + "+0x" + String(frame.moduleOffset, radix: 16) }
        return AddressFormatter.format(frame.address)
    }

    private static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), path.index(after: slash) < path.endIndex else { return path }
        return String(path[path.index(after: slash)...])
    }
}
