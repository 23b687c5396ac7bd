import VMScopeCore

/// A stack frame in words for the detail pane: `symbol+0xoff (module)` when a symbol covers
/// it, `module+0xoff` when only the file is known, the bare address otherwise. The module is
/// named by its file's basename (the full path and build-id are listed once per module); every
/// name came from the watched program's files, so all of it is escaped.
enum StackFrameText {
    static func line(_ frame: StackFrame) -> String {
        let module = frame.module.map { SafeText.escape(basename($0)) }
        if let symbol = frame.symbol {
            return SafeText.escape(symbol) + "+0x" + hex(frame.symbolOffset) + (module.map { " (" + $0 + ")" } ?? "")
        }
        if let module { return module + "+0x" + hex(frame.moduleOffset) }
        return AddressFormatter.format(frame.address)
    }

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

    private static func basename(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }

    private static func hex(_ value: UInt64) -> String { String(value, radix: 16) }
}
