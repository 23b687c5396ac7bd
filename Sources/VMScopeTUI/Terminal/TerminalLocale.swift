import CNcursesw
import Glibc

/// Picks a locale ncursesw can draw wide characters in, or says we are stuck with ASCII.
public struct TerminalLocale: Sendable, Hashable {
    /// Whether UTF-8 output is possible; false means draw through `AsciiFallback`.
    public var utf8: Bool
    /// For the header: what was changed or given up, nil when the user's locale was fine.
    public var note: String?

    /// Sets the process locale: the user's (`LC_ALL`/`LC_CTYPE`/`LANG`), else C.UTF-8 when the
    /// user's is the plain C/POSIX one, else ASCII drawing. `forceASCII` (VMSCOPE_ASCII=1) skips
    /// straight to ASCII, for terminals that claim UTF-8 but cannot show it.
    public static func configure(forceASCII: Bool = false) -> TerminalLocale {
        let accepted = setlocale(LC_ALL, "") != nil
        // Numbers are formatted by our own code; a locale with a decimal comma must not leak
        // into any C formatting underneath.
        defer { setlocale(LC_NUMERIC, "C") }
        if forceASCII {
            return TerminalLocale(utf8: false, note: "ASCII drawing (VMSCOPE_ASCII)")
        }
        let original = currentCodeset()
        if isUTF8(original) { return TerminalLocale(utf8: true, note: nil) }
        // C/POSIX (ASCII codeset) usually means "nobody set LANG" (containers, ssh, cron) on a
        // terminal that is UTF-8 anyway; an explicitly chosen 8-bit codeset (ISO-8859-x) means
        // the terminal really expects that encoding, and UTF-8 bytes would be garbage there.
        let plainC = !accepted || original == "ANSI_X3.4-1968" || original == "ASCII" || original.isEmpty
        if plainC {
            for candidate in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_ALL, candidate) != nil {
                if isUTF8(currentCodeset()) {
                    return TerminalLocale(utf8: true, note: accepted ? nil : "locale from environment not installed; using \(candidate)")
                }
            }
        }
        if accepted { setlocale(LC_ALL, "") } else { setlocale(LC_ALL, "C") }
        return TerminalLocale(utf8: false, note: "no UTF-8 locale (\(original.isEmpty ? "unknown" : original)): ASCII drawing")
    }

    static func currentCodeset() -> String {
        guard let codeset = cncurses_codeset() else { return "" }
        return String(cString: codeset)
    }

    static func isUTF8(_ codeset: String) -> Bool {
        let c = codeset.lowercased()
        return c == "utf-8" || c == "utf8"
    }
}
