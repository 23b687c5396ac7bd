/// Fixed-width columns for the text tables `trace` and `layout` print.
public enum ColumnPadding {
    /// `s` padded with spaces to `width` characters (left-aligned, or right-aligned for numbers);
    /// longer text is kept whole rather than cut, so no value is ever hidden.
    public static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + s : s + fill
    }
}
