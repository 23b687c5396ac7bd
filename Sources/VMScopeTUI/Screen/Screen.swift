import CNcursesw

/// An in-memory grid of cells that widgets draw into. The terminal backend copies it to the
/// real screen; tests render it to text. Drawing outside the grid is clipped, never a crash.
public struct Screen: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { x >= 0 && x < width && y >= 0 && y < height ? cells[y * width + x] : .blank }
        set { if x >= 0 && x < width && y >= 0 && y < height { cells[y * width + x] = newValue } }
    }

    /// Writes `text` from (`x`, `y`), at most `maxWidth` columns (default: to the right edge),
    /// and returns the columns used. Control characters must already be escaped (`SafeText`);
    /// any that slip through are drawn as `?` rather than sent to the terminal.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: ThemeRole = .normal,
                             bold: Bool = false, reverse: Bool = false, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        // Cluster by cluster, each as the pieces `TerminalGlyphs` says the terminal draws; a
        // cluster that does not fit whole is not started.
        for character in text {
            if let piece = TerminalGlyphs.single(character) {
                if column + piece.width > limit { break }
                place(piece, column: column, y: y, role: role, bold: bold, reverse: reverse)
                column += piece.width
                continue
            }
            let pieces = TerminalGlyphs.pieces(of: character)
            let w = pieces.reduce(0) { $0 + $1.width }
            if column + w > limit { break }
            for piece in pieces {
                place(piece, column: column, y: y, role: role, bold: bold, reverse: reverse)
                column += piece.width
            }
        }
        return column - x
    }

    private mutating func place(_ piece: TerminalGlyphs.Piece, column: Int, y: Int, role: ThemeRole, bold: Bool, reverse: Bool) {
        guard column >= 0 else { return }
        self[column, y] = Cell(piece.character, role: role, bold: bold, reverse: reverse)
        if piece.width == 2 { self[column + 1, y] = .continuation }
    }

    /// Fills `rect` with `character` in `role`.
    public mutating func fill(_ rect: Rect, _ character: Character = " ", role: ThemeRole = .normal,
                              reverse: Bool = false) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        let cell = Cell(character, role: role, reverse: reverse)
        for y in y0..<y1 { for x in x0..<x1 { cells[y * width + x] = cell } }
    }

    /// Changes the role (and reverse flag) of cells already drawn, e.g. to highlight a selection.
    /// The right halves of wide characters are left as they are: their left halves carry the
    /// style, and a restyled right half would no longer read as a continuation.
    public mutating func restyle(_ rect: Rect, role: ThemeRole? = nil, reverse: Bool? = nil, bold: Bool? = nil) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 where !cells[y * width + x].isContinuation {
                if let role { cells[y * width + x].role = role }
                if let reverse { cells[y * width + x].reverse = reverse }
                if let bold { cells[y * width + x].bold = bold }
            }
        }
    }

    /// The characters only, one line per row with trailing spaces removed: what tests compare.
    public func text() -> String {
        var lines: [String] = []
        for y in 0..<height {
            var line = ""
            for x in 0..<width where !cells[y * width + x].isContinuation {
                line.append(cells[y * width + x].character)
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Columns a character (a grapheme cluster) takes on a terminal as `put` draws it: see
    /// `TerminalGlyphs` for the width model (1 for a control, drawn as `?`).
    public static func columns(of character: Character) -> Int {
        TerminalGlyphs.columns(of: character)
    }
}
