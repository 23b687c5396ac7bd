import Foundation
import Testing

/// Resizing the terminal never leaves a stale picture: whatever sizes the window went through,
/// and however fast, the screen ends up equal to a clean repaint (Ctrl-L) of the same state.
///
/// The view is of a sleeping process, paused, so nothing on it moves: any difference between the
/// capture after the resizes and the one after Ctrl-L is left over from an earlier size.
@Suite("screen after resizes", .serialized,
       .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct ResizeRepaintEndToEndTests {
    /// A small deterministic generator, so a failing storm can be replayed from its seed.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Starts the paused view of a sleeping process in a 160×48 pane, settled.
    static func pausedView() throws -> TmuxSession {
        let session = try TmuxSession(command: TmuxSession.shellQuote(
            [BuiltProducts.vmscope.path, "--no-bpf", "--", "/bin/sleep", "100000"]), width: 160, height: 48)
        let up = try session.waitUntil { $0.contains("sleep 100000") && $0.contains("Quit") }
        guard up.matched else { throw TmuxSession.Failure(description: "the view did not come up:\n\(up.screen)") }
        try session.sendKeys("Space")
        // The footer's "paused" message expires after a few seconds; after that nothing changes.
        let paused = try session.waitUntil(timeout: .seconds(20)) { $0.contains("PAUSED") && !$0.contains("paused:") }
        guard paused.matched else { throw TmuxSession.Failure(description: "the view did not pause:\n\(paused.screen)") }
        return session
    }

    /// Resizes through `sizes` without waiting in between, lets the view settle, and returns the
    /// screen then and after Ctrl-L (plain text, and with colours and attributes).
    static func resizeThenRepaint(_ session: TmuxSession, through sizes: [(Int, Int)])
        throws -> (after: String, clean: String, afterStyled: String, cleanStyled: String) {
        for (width, height) in sizes { try session.resize(width: width, height: height) }
        let after = try session.settledCapture()
        let afterStyled = try session.capture(escapes: true)
        try session.sendKeys("C-l")
        let clean = try session.settledCapture()
        let cleanStyled = try session.capture(escapes: true)
        return (after, clean, afterStyled, cleanStyled)
    }

    /// Rows of `a` and `b` that differ, numbered, for a readable failure.
    static func differences(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for row in 0..<max(left.count, right.count) {
            let l = row < left.count ? String(left[row]) : "", r = row < right.count ? String(right[row]) : ""
            if l != r { out.append("row \(row):\n  now:    \(l)\n  Ctrl-L: \(r)") }
        }
        return out.joined(separator: "\n")
    }

    @Test("the resize sequences that left fragments, then a storm of 50 random resizes: the screen equals a clean repaint")
    func resizeSequencesLeaveNoFragments() throws {
        let session = try Self.pausedView()
        defer { session.kill() }
        var generator = SplitMix64(state: 0x5EED_0013)
        let storm = (0..<50).map { _ in (Int.random(in: 10...220, using: &generator), Int.random(in: 3...70, using: &generator)) }
        let sequences: [(name: String, sizes: [(Int, Int)])] = [
            ("160×48 → 200×60 → 80×20 → 160×48", [(200, 60), (80, 20), (160, 48)]),
            ("20×5 → 160×48", [(20, 5), (160, 48)]),
            ("59×16 → 60×15 (both too small)", [(59, 16), (60, 15)]),
            ("50 random sizes, seed 0x5EED0013", storm),
            ("the storm, then back to 160×48", storm.reversed() + [(160, 48)]),
        ]
        for sequence in sequences {
            let result = try Self.resizeThenRepaint(session, through: sequence.sizes)
            #expect(result.after == result.clean,
                    "\(sequence.name): the screen differs from a clean repaint:\n\(Self.differences(result.after, result.clean))")
            #expect(result.afterStyled == result.cleanStyled,
                    "\(sequence.name): colours or attributes differ from a clean repaint:\n\(Self.differences(result.afterStyled, result.cleanStyled))")
        }
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
