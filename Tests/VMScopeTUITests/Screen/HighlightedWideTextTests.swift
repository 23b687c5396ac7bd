import Testing
import VMScopeTUI

/// A highlight (restyle) over double-width text changes colours only: the right half of each
/// wide character stays a continuation, which the backend never draws.
struct HighlightedWideTextTests {
    @Test("restyling a row of wide characters keeps their right halves continuations")
    func restyleKeepsContinuations() {
        var screen = Screen(width: 12, height: 2)
        screen.put("a漢😀b", x: 0, y: 0)
        screen.put("next", x: 0, y: 1)
        screen.restyle(Rect(x: 0, y: 0, width: 12, height: 1), role: .selection, reverse: true, bold: true)
        #expect(screen.text() == "a漢😀b\nnext")
        #expect(screen[2, 0].isContinuation && screen[4, 0].isContinuation)
        #expect(screen[1, 0].role == .selection && screen[1, 0].reverse && screen[1, 0].bold)
        #expect(screen[5, 0].character == "b")
    }
}
