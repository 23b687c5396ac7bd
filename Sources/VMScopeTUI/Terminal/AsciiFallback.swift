/// Stand-ins for the block, box and arrow characters when the terminal cannot show UTF-8.
/// Heat keeps its ordering (. , : - = + * #), bars stay solid (#), boxes become +-|.
public enum AsciiFallback {
    public static let table: [Character: Character] = [
        // Blocks and the heat ramp.
        "█": "#", "▉": "#", "▊": "#", "▋": "#", "▌": "[", "▍": "[", "▎": "[", "▏": "|", "▐": "]",
        "▁": ".", "▂": ",", "▃": ":", "▄": "-", "▅": "=", "▆": "+", "▇": "*",
        "▀": "\"", "░": ":", "▒": "%", "▓": "@", "■": "#", "□": "o", "▪": "*", "▫": ".",
        // Dots, gap breaks, markers.
        "·": ".", "•": "*", "●": "*", "∙": ".", "…": "~", "⋯": "~", "≈": "~", "╫": "H", "╪": "H", "┊": ":", "┆": ":",
        "╎": ":", "┋": ":", "╏": ":", "⁞": ":",
        "▲": "^", "▼": "v", "◀": "<", "▶": ">", "❚": "|", "✕": "X", "△": "^", "▽": "v", "◁": "<", "▷": ">",
        "↑": "^", "↓": "v", "←": "<", "→": ">", "↔": "-", "⇅": "|", "⇡": "^", "⇣": "v", "↕": "|",
        "⟵": "<", "⟶": ">", "×": "x", "±": "+", "✓": "v", "✗": "x", "°": "o", "µ": "u", "–": "-", "—": "-",
        "‹": "<", "›": ">", "«": "<", "»": ">",
        // Box drawing, light and heavy and double.
        "│": "|", "┃": "|", "║": "|", "─": "-", "━": "-", "═": "=",
        "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
        "╭": "+", "╮": "+", "╰": "+", "╯": "+",
        "┏": "+", "┓": "+", "┗": "+", "┛": "+", "┣": "+", "┫": "+", "┳": "+", "┻": "+", "╋": "+",
        "╔": "+", "╗": "+", "╚": "+", "╝": "+", "╠": "+", "╣": "+", "╦": "+", "╩": "+", "╬": "+",
        "╴": "-", "╶": "-", "╵": "|", "╷": "|", "┄": "-", "┈": "-", "╌": "-",
    ]

    /// What to draw for `character` on an ASCII-only terminal: itself if ASCII and printable,
    /// its stand-in if it has one, else `?`.
    public static func character(for character: Character) -> Character {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? character : "?" }
        return table[character] ?? "?"
    }
}
