import CNcursesw

/// How a character (a grapheme cluster) is put on the terminal: as the pieces every terminal
/// draws at the same width that ncurses assumes, one or two columns each.
///
/// The width model: ncurses places text by `wcwidth` of each scalar, with zero-width scalars
/// stacked on the cell before them; it has no notion of clusters. Terminals differ on clusters
/// that join several visible scalars: tmux 3.3 draws `👨‍👩‍👧` (three emoji joined by ZWJ) in
/// 2 columns where wcwidth says 6, kitty and wezterm draw `👍🏽` in 2 where tmux and wcwidth say
/// 4, some terminals widen `❤️` (VS16) to 2 where wcwidth says 1. Whenever the terminal and
/// ncurses disagree, every later cell on the row is drawn in the wrong place and partial redraws
/// leave stray cells. So a cluster keeps its meaning but loses the joins: what could make a
/// terminal fuse scalars into one glyph of another width is left out, and what is left is drawn
/// scalar by scalar at wcwidth, which every terminal agrees with.
///
/// - A piece is one spacing scalar (wcwidth 1 or 2) with the combining marks (wcwidth 0) that
///   follow it, at most four (ncurses' limit per cell, CCHARW_MAX).
/// - Left out: ZERO WIDTH JOINER, variation selectors (VS1–VS256), emoji skin-tone modifiers
///   after a base, tag characters (the subdivision flags' tail). `👨‍👩‍👧` is drawn as `👨👩👧`
///   (6 columns), `👍🏽` as `👍`, `❤️` as `❤`.
/// - Regional indicators (flags) are drawn as their letters: `🇯🇵` is `JP`. A pair fuses into a
///   flag on some terminals and not on others, and a lone one has no agreed width.
/// - Controls, unassigned and other unprintable scalars become `?`, as does a cluster that starts
///   with a zero-width scalar (nothing to stack it on).
///
/// Truncation (`TextFit`, `Screen.put`) cuts between clusters, never inside one.
public enum TerminalGlyphs {
    /// A piece to draw in one cell (and the next, when `width` is 2).
    public struct Piece: Sendable, Hashable {
        public var character: Character
        public var width: Int
    }

    /// Most characters (ASCII, CJK, box drawing, single emoji) are one piece as they are; this
    /// answers for those without building an array, nil for the rest.
    @inline(__always)
    static func single(_ character: Character) -> Piece? {
        let scalars = character.unicodeScalars
        guard let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return nil }
        let value = first.value
        if value >= 0x20, value < 0x7F { return Piece(character: character, width: 1) }
        if isJoin(value) || isRegionalIndicator(value) { return nil }
        let width = scalarWidth(value)
        return width > 0 ? Piece(character: character, width: width) : Piece(character: "?", width: 1)
    }

    /// The pieces `character` is drawn as, in order.
    public static func pieces(of character: Character) -> [Piece] {
        if let piece = single(character) { return [piece] }
        var pieces: [Piece] = []
        var marks = 0
        for scalar in character.unicodeScalars {
            let value = scalar.value
            if isRegionalIndicator(value) {
                let letter = Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(value - 0x1F1E6)))
                pieces.append(Piece(character: letter, width: 1))
                marks = 0
                continue
            }
            // A skin-tone modifier on its own is an emoji (width 2); after a base it is a join.
            if isJoin(value), !(isModifier(value) && pieces.isEmpty) { continue }
            let width = scalarWidth(value)
            if width > 0 {
                pieces.append(Piece(character: Character(scalar), width: width))
                marks = 0
            } else if width == 0, let last = pieces.indices.last, pieces[last].character != "?", marks < 4 {
                var stacked = String(pieces[last].character)
                stacked.unicodeScalars.append(scalar)
                pieces[last].character = Character(stacked)
                marks += 1
            } else if width < 0 || pieces.isEmpty {
                pieces.append(Piece(character: "?", width: 1))
                marks = 0
            }
        }
        return pieces.isEmpty ? [Piece(character: "?", width: 1)] : pieces
    }

    /// Columns `character` takes on the terminal.
    public static func columns(of character: Character) -> Int {
        if let piece = single(character) { return piece.width }
        return pieces(of: character).reduce(0) { $0 + $1.width }
    }

    /// wcwidth of one scalar, with controls (which ncurses would draw as `^X`) unprintable.
    private static func scalarWidth(_ value: UInt32) -> Int {
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return -1 }
        if value < 0x7F { return 1 }
        return Int(cncurses_wcwidth(value))
    }

    /// Scalars that only join or restyle their neighbours: left out (see the type's comment).
    private static func isJoin(_ value: UInt32) -> Bool {
        value == 0x200D || (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value)
            || (0xE0000...0xE007F).contains(value) || isModifier(value)
    }

    private static func isModifier(_ value: UInt32) -> Bool { (0x1F3FB...0x1F3FF).contains(value) }

    private static func isRegionalIndicator(_ value: UInt32) -> Bool { (0x1F1E6...0x1F1FF).contains(value) }
}
