import VMScopeCore

/// A stack's frames in words for the detail pane, each as `StackFrame.text` puts it
/// (`symbol+0xoff (module)`, `module+0xoff`, or the bare address; escaped), and its modules'
/// full paths and build-ids once each.
enum StackFrameText {
    static func line(_ frame: StackFrame) -> String { frame.text }

    /// The frames of `stack` (its addresses bare until it is symbolized).
    static func lines(_ stack: UserStack) -> [String] {
        if stack.frames.isEmpty { return stack.addresses.map(AddressFormatter.format) }
        return stack.frames.map(line)
    }

    /// `path  build-id abcd…` once per module with a build-id, in the order they first appear.
    static func modules(_ stack: UserStack) -> [String] {
        var seen: Set<String> = []
        var lines: [String] = []
        for frame in stack.frames {
            guard let module = frame.module, seen.insert(module).inserted else { continue }
            lines.append(SafeText.escape(module) + (frame.buildID.map { "  build-id " + SafeText.escape($0) } ?? ""))
        }
        return lines
    }

}
