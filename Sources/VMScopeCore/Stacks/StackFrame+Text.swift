extension StackFrame {
    /// The frame as a trace or the live view shows it: `grow_table+0x1a (app)` with a symbol,
    /// `libc.so.6+0x10a3c` in a file without one (the module's file name and the offset in the
    /// file: enough to look it up by hand, and never a guessed name), else the bare address.
    /// Names and paths are the program's bytes: escaped.
    public var text: String {
        if let symbol {
            return SafeText.escape(symbol) + "+0x" + String(symbolOffset, radix: 16)
                + (module.map { " (" + SafeText.escape(Self.fileName($0)) + ")" } ?? "")
        }
        if let module { return SafeText.escape(Self.fileName(module)) + "+0x" + String(moduleOffset, radix: 16) }
        return AddressFormatter.format(address)
    }

    /// The frame in a few words, for one line of a log: `grow_table (app)`, or `app+0x1234`
    /// when the file has no symbol there; nil for a bare address, which says nothing at a glance.
    public var briefText: String? {
        if let symbol {
            return SafeText.escape(symbol) + (module.map { " (" + SafeText.escape(Self.fileName($0)) + ")" } ?? "")
        }
        if let module { return SafeText.escape(Self.fileName(module)) + "+0x" + String(moduleOffset, radix: 16) }
        return nil
    }

    /// The module's file name: `/usr/lib/x86_64-linux-gnu/libc.so.6` → `libc.so.6`.
    public var moduleName: String? { module.map(Self.fileName) }

    static func fileName(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        let name = path[path.utf8.index(after: slash)...]
        return name.isEmpty ? path : String(name)
    }
}
