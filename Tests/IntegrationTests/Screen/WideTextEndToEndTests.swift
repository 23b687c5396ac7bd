import Foundation
import Glibc
import Testing

/// Double-width text (CJK, emoji) in a highlighted row: the picker's selected process and the
/// region table's selected region show it whole, in its own columns, without stand-ins.
@Suite("wide text on screen", .serialized,
       .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct WideTextEndToEndTests {
    /// Terminal columns of the test's own strings (the wide ones here are CJK and emoji).
    static func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            let wide = (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
                || (0xFF00...0xFF60).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
            return total + (wide ? 2 : 1)
        }
    }

    /// A copy of /bin/sleep whose path contains `wide` (by default `漢😀`), in a fresh directory.
    static func wideExecutable(_ wide: String = "漢😀") throws -> (path: String, tag: String, directory: URL) {
        let tag = "wide" + UUID().uuidString.prefix(8).lowercased()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-\(tag)-\(wide)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("sleep").path
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: path)
        return (path, tag, directory)
    }

    @Test("the picker's selected row shows a path with 漢😀 whole and stays on its row")
    func pickerSelectedRow() throws {
        let exe = try Self.wideExecutable()
        defer { try? FileManager.default.removeItem(at: exe.directory) }
        // A duration of its own, so the filter matches this process only (the shell's command
        // line has the path quoted: `sleep' N`).
        let duration = String(Int.random(in: 100_000...999_999))
        let session = try TmuxSession(command: TmuxSession.shellQuote([exe.path, duration]) + " & "
            + TmuxSession.shellQuote([BuiltProducts.vmscope.path, "--no-bpf", "--pick"]) + "; kill $!",
            width: 160, height: 30)
        defer { session.kill() }
        #expect(try session.waitFor("Pick a process").matched)
        try session.sendLiteral("/sleep " + duration)
        let found = try session.waitUntil { $0.contains("1 of ") && $0.contains("漢") }
        #expect(found.matched, "the process is not in the picker:\n\(found.screen)")
        let screen = try session.settledCapture()
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard let row = lines.firstIndex(where: { $0.contains("sleep " + duration) && !$0.contains("Filter") }) else {
            Issue.record("no row for the process:\n\(screen)")
            return
        }
        #expect(lines[row].contains("漢😀/sleep"), "the path is not shown whole:\n\(screen)")
        #expect(!lines[row].contains("?"), "stand-ins in the selected row:\n\(screen)")
        #expect(Self.columns(lines[row]) <= 160)
        // One match: the row below is empty, nothing spilled into it.
        #expect(row + 1 < lines.count && lines[row + 1].allSatisfy { $0 == " " }, "the row spilled over:\n\(screen)")
        // Escape clears the filter, then closes the picker: with nothing watched, vmscope ends.
        try session.sendKeys("Escape")
        try session.sendKeys("Escape")
        #expect(try session.waitForExit() == 0)
    }

    /// The path's wide part and how it is shown (the width model of TerminalGlyphs: joins left
    /// out, flags as letters).
    @Test("at 300 columns the region table's selected row keeps the event log in its columns; partial redraws leave no stray cells",
          arguments: [("漢😀", "漢😀/sleep"), ("👨‍👩‍👧🇯🇵", "👨👩👧JP/sleep")])
    func regionTableSelectedRow(wide: String, shown: String) throws {
        let exe = try Self.wideExecutable(wide)
        defer { try? FileManager.default.removeItem(at: exe.directory) }
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            [BuiltProducts.vmscope.path, "--no-bpf", "--", exe.path, "100000"]), width: 300, height: 50)
        defer { session.kill() }
        let up = try session.waitUntil { $0.contains(shown) && $0.contains("Quit") }
        #expect(up.matched, "the view did not show the path:\n\(up.screen)")
        // Paused, and its message gone, the screen changes only with the selection.
        try session.sendKeys("Space")
        let paused = try session.waitUntil(timeout: .seconds(20)) { $0.contains("PAUSED") && !$0.contains("paused:") }
        #expect(paused.matched, "the view did not pause:\n\(paused.screen)")
        try session.sendKeys("Home")
        // Walk the selection down the table; in every frame each row with the path keeps the
        // panel divider where the title row has it.
        for _ in 0..<16 {
            let screen = try session.settledCapture(quiet: .milliseconds(300))
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            guard let title = lines.first(where: { $0.contains("Regions") && $0.contains("┬") }),
                  let divider = title.firstIndex(of: "┬") else {
                Issue.record("no region table title:\n\(screen)")
                return
            }
            let column = Self.columns(title[..<divider])
            for line in lines where line.contains(exe.tag) && !line.contains("PID") {
                let at = line.firstIndex(of: "│").map { Self.columns(line[..<$0]) }
                #expect(at == column, "a row with the path moved the event log:\n\(line)")
                #expect(line.contains(shown) && !line.contains("?"), "the path is not shown as \(shown):\n\(line)")
            }
            try session.sendKeys("Down")
        }
        // After all those partial redraws, the screen is what a clean repaint draws.
        let walked = try session.settledCapture()
        try session.sendKeys("C-l")
        let clean = try session.settledCapture()
        #expect(walked == clean, "stray cells after partial redraws:\n\(walked)")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
