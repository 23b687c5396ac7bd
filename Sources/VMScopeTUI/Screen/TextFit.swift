/// Measuring and cutting text by terminal columns (not characters: wide characters take two),
/// so a widget can promise never to run past its rectangle.
enum TextFit {
    /// Terminal columns `text` takes, as `Screen.put` draws it (`TerminalGlyphs`).
    static func columns(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += max(1, Screen.columns(of: character)) }
        return total
    }

    /// `text` cut to at most `width` columns, ending in `…` when something was cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if columns(text) <= width { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = max(1, Screen.columns(of: character))
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces (or truncated) to exactly `width` columns, aligned left or right.
    static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let fill = String(repeating: " ", count: max(0, width - columns(cut)))
        return right ? fill + cut : cut + fill
    }
}
