/// One thing the terminal told us: a key, a new size, or a mouse action at a cell.
public enum InputEvent: Sendable, Hashable {
    case key(Key)
    /// The terminal now has this many columns and rows; the next frame must be drawn at that size.
    case resize(width: Int, height: Int)
    /// Column `x`, row `y`, zero-based from the top-left, like `Screen`.
    case mouse(x: Int, y: Int, kind: MouseKind)
}
