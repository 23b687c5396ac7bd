import Testing
import VMScopeTUI

/// The width model: clusters drawn as the pieces every terminal agrees on (see TerminalGlyphs).
struct TerminalGlyphsTests {
    static func shown(_ character: Character) -> [String] {
        TerminalGlyphs.pieces(of: character).map { "\($0.character)/\($0.width)" }
    }

    @Test("joined clusters lose their joins, flags become letters, combining marks stay on their base")
    func pieces() {
        #expect(Self.shown("👨‍👩‍👧") == ["👨/2", "👩/2", "👧/2"])
        #expect(Self.shown("🇯🇵") == ["J/1", "P/1"])
        #expect(Self.shown("❤️") == ["❤/1"])
        #expect(Self.shown("👍🏽") == ["👍/2"])
        #expect(Self.shown("🏽") == ["🏽/2"])
        #expect(Self.shown("1️⃣") == ["1\u{20E3}/1"])
        #expect(Self.shown("e\u{301}") == ["e\u{301}/1"])
        #expect(Self.shown("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}") == ["🏴/2"])
        #expect(Self.shown("漢") == ["漢/2"])
        #expect(Self.shown("\u{200B}") == ["?/1"])
        #expect(Self.shown("\u{378}") == ["?/1"], "unassigned")
        #expect(Self.shown("\r\n") == ["?/1", "?/1"])
        // No more than four marks on one cell (ncurses' limit): the rest are dropped.
        #expect(Self.shown("a\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}") == ["a\u{301}\u{302}\u{303}\u{304}/1"])
    }

    @Test("put writes the pieces at their widths and never splits a cluster at the edge")
    func putAndTruncate() {
        var screen = Screen(width: 20, height: 2)
        let used = screen.put("a👨‍👩‍👧b🇯🇵c|", x: 0, y: 0)
        #expect(used == 12)
        #expect(screen.text().split(separator: "\n").first == "a👨👩👧bJPc|")
        #expect(screen[11, 0].character == "|")
        #expect(screen[2, 0].isContinuation && screen[4, 0].isContinuation && screen[6, 0].isContinuation)
        // Five columns left: the family (6) is not started.
        #expect(screen.put("x👨‍👩‍👧", x: 0, y: 1, maxWidth: 6) == 1)
        #expect(Screen.columns(of: "👨‍👩‍👧") == 6 && Screen.columns(of: "🇯🇵") == 2)
    }
}
