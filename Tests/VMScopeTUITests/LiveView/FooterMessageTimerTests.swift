import Testing
@testable import VMScopeTUI

/// The footer's message stays a fixed time from the frame that first shows it.
@Suite struct FooterMessageTimerTests {
    static let second: UInt64 = 1_000_000_000

    @Test func aMessageStaysItsTimeFromTheFirstFrameThatShowsIt() {
        var timer = FooterMessageTimer()
        var state = LiveViewState()
        // Set by input at t=0, first drawn at t=1 s.
        state.message = "scale: log"
        timer.inputHandled(messageBefore: nil, state: state)
        #expect(!timer.expire(now: 1 * Self.second, state: &state))
        timer.drawing(state, now: 1 * Self.second)
        #expect(!timer.expire(now: 3 * Self.second - 1, state: &state))
        #expect(state.message == "scale: log")
        #expect(timer.expire(now: 3 * Self.second, state: &state))
        #expect(state.message == nil)
        #expect(!timer.expire(now: 9 * Self.second, state: &state))
    }

    @Test func aNewMessageStartsItsTimeAgain() {
        var timer = FooterMessageTimer()
        var state = LiveViewState()
        state.message = "paused: events are still recorded"
        timer.drawing(state, now: 0)
        let before = state.message
        state.message = "resumed"
        timer.inputHandled(messageBefore: before, state: state)
        timer.drawing(state, now: Self.second * 3 / 2)
        #expect(!timer.expire(now: 2 * Self.second, state: &state))
        #expect(timer.expire(now: Self.second * 7 / 2, state: &state))
        // Input that left the message alone does not extend it.
        state.message = "scale: log"
        timer.drawing(state, now: 10 * Self.second)
        timer.inputHandled(messageBefore: "scale: log", state: state)
        timer.drawing(state, now: 11 * Self.second)
        #expect(timer.expire(now: 12 * Self.second, state: &state))
    }

    @Test func aWarningStaysLongerAndTheNextMessageIsBackToNormal() {
        var timer = FooterMessageTimer()
        var state = LiveViewState()
        timer.show("theme file broken", for: FooterMessageTimer.warningDuration, in: &state)
        #expect(state.message == "theme file broken")
        timer.drawing(state, now: 0)
        #expect(!timer.expire(now: FooterMessageTimer.standardDuration, state: &state))
        #expect(timer.expire(now: FooterMessageTimer.warningDuration, state: &state))
        state.message = "theme: light"
        timer.inputHandled(messageBefore: nil, state: state)
        timer.drawing(state, now: 20 * Self.second)
        #expect(timer.expire(now: 20 * Self.second + FooterMessageTimer.standardDuration, state: &state))
    }
}
