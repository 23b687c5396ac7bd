import Testing
@testable import VMScopeCore

/// `vmscope diff --from/--to`: the forms a moment may take, parsed exactly, and the span checks
/// that name the option at fault.
@Suite struct RecordingMomentTests {
    @Test(arguments: [
        ("start", RecordingMoment.start), ("end", .end), (" END ", .end),
        ("2.5", .offset(2_500_000_000)), ("2.5s", .offset(2_500_000_000)), ("1500ms", .offset(1_500_000_000)),
        ("0", .offset(0)), ("0.1", .offset(100_000_000)), (".25", .offset(250_000_000)), ("3.", .offset(3_000_000_000)),
        ("1.5ms", .offset(1_500_000)), ("0.000000001", .offset(1)), ("0.0000000019", .offset(1)),
    ])
    func validForms(text: String, moment: RecordingMoment) {
        #expect(RecordingMoment(parsing: text) == moment)
    }

    @Test(arguments: ["", "-1", "2x", "1.2.3", "s", "ms", ".", "1e3", "+1", "99999999999999999999", "1 s", "\u{1b}"])
    func invalidForms(text: String) {
        #expect(RecordingMoment(parsing: text) == nil)
    }

    @Test func momentsAreTimesInTheRecording() {
        #expect(RecordingMoment.start.time(start: 100, end: 900) == 100)
        #expect(RecordingMoment.end.time(start: 100, end: 900) == 900)
        #expect(RecordingMoment.offset(50).time(start: 100, end: 900) == 150)
        #expect(RecordingMoment.offset(.max).time(start: 100, end: 900) == .max)
    }

    @Test func spanChecksNameTheOption() throws {
        let start: UInt64 = 1_000_000_000, end: UInt64 = 3_000_000_000
        let span = try RecordingDiff.span(from: .offset(500_000_000), to: .end, start: start, end: end)
        #expect(span.from == 1_500_000_000 && span.to == end)
        #expect(throws: RecordingDiff.Failure.self) { try RecordingDiff.span(from: .start, to: .offset(3_000_000_000), start: start, end: end) }
        do {
            _ = try RecordingDiff.span(from: .start, to: .offset(3_000_000_000), start: start, end: end)
        } catch {
            #expect(error.description == "--to +3.000000 s is past the recording's end (+2.000000 s): give a time from 0 to the end, or leave --to out")
        }
        do {
            _ = try RecordingDiff.span(from: .offset(2_500_000_000), to: .end, start: start, end: end)
        } catch {
            #expect(error.description.hasPrefix("--from +2.500000 s is past the recording's end"))
        }
        do {
            _ = try RecordingDiff.span(from: .end, to: .offset(1_000_000_000), start: start, end: end)
            Issue.record("--to before --from was accepted")
        } catch {
            #expect(error.description == "--to +1.000000 s is before --from +2.000000 s: swap them")
        }
        let same = try RecordingDiff.span(from: .end, to: .end, start: start, end: end)
        #expect(same.from == same.to)
    }
}
