import VMScopeCore
import Foundation

/// Makes a libbpf message fit in one terminal line: control characters escaped, length capped.
enum SafeLine {
    static func clip(_ text: String, limit: Int = 200) -> String {
        let escaped = SafeText.escape(text.trimmingCharacters(in: .whitespacesAndNewlines))
        return escaped.count > limit ? String(escaped.prefix(limit)) + "…" : escaped
    }
}
