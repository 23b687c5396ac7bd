import CDemangle
import Glibc

/// Readable names for C++ and Swift functions: `_ZN7storage5Table4growEm` reads
/// `storage::Table::grow(unsigned long)`, `$s7vmscope12DemoWorkloadC3runs5NeverOyF` reads
/// `vmscope.DemoWorkload.run() -> Swift.Never`. C names, and names that do not demangle, stay
/// as they are. The runtimes' own demanglers do it (the files' names are data either way:
/// escaped wherever shown).
enum SymbolDemangler {
    static func readable(_ name: String) -> String {
        guard name.hasPrefix("_Z") || name.hasPrefix("$s") || name.hasPrefix("$S") || name.hasPrefix("_T0")
            || name.hasPrefix("_$s")
        else { return name }
        guard let demangled = cdemangle(name) else { return name }
        defer { free(demangled) }
        return simplified(String(cString: demangled))
    }

    /// Swift's private declarations read `(cycle in _AECF90E2DC76C97BFB5DF23CB8449D6F)`: the
    /// hash says which file, which the module and offset already say; `cycle` is kept.
    static func simplified(_ name: String) -> String {
        guard name.contains(" in _") else { return name }
        var result = ""
        var rest = Substring(name)
        while let open = rest.firstIndex(of: "(") {
            result += rest[..<open]
            let inner = rest[rest.index(after: open)...]
            if let close = inner.firstIndex(of: ")"), let marker = inner[..<close].range(of: " in _"),
               inner[marker.upperBound..<close].allSatisfy({ $0.isHexDigit }),
               !inner[..<marker.lowerBound].contains("(") {
                result += inner[..<marker.lowerBound]
                rest = inner[inner.index(after: close)...]
            } else {
                result += "("
                rest = inner
            }
        }
        return result + rest
    }
}
