import Testing
@testable import VMScopeTUI

@Suite struct ReplayControlTests {
    let times: [UInt64] = [1_000, 2_000_000_000, 2_000_000_000, 5_000_000_000, 9_000_000_000]

    @Test func stepsGoOneEventAtATimeEvenWhereEventsShareATime() {
        var control = ReplayControl(startTime: 0, endTime: 10_000_000_000, eventTimes: times)
        control.apply(.togglePlaying, wall: 0)
        #expect(control.apply(.stepForward, wall: 0) == "event 1 of 5")
        #expect(!control.clock.isPlaying && control.clock.position == 1_000)
        #expect(control.apply(.stepForward, wall: 0) == "event 2 of 5")
        #expect(control.eventCursor == 2 && control.clock.position == 2_000_000_000)
        #expect(control.apply(.stepForward, wall: 0) == "event 3 of 5")
        #expect(control.apply(.stepForward, wall: 0) == "event 4 of 5")
        #expect(control.apply(.stepBack, wall: 0) == "event 3 of 5")
        #expect(control.apply(.stepBack, wall: 0) == "event 2 of 5")
        #expect(control.clock.position == 2_000_000_000 && control.eventCursor == 2)
        #expect(control.apply(.stepBack, wall: 0) == "event 1 of 5")
        #expect(control.apply(.stepBack, wall: 0) == "at the start")
        #expect(control.clock.position == 0 && control.eventNumber == 0)
        control.apply(.seekEnd, wall: 0)
        #expect(control.eventCursor == nil && control.eventNumber == 5)
        #expect(control.apply(.stepForward, wall: 0) == "no later event")
        #expect(control.apply(.stepBack, wall: 0) == "event 4 of 5")
    }

    @Test func movingByTimeEndsTheStepCount() {
        var control = ReplayControl(startTime: 0, endTime: 10_000_000_000, eventTimes: times)
        control.apply(.stepForward, wall: 0)
        control.apply(.stepForward, wall: 0)
        control.apply(.faster, wall: 0)
        #expect(control.eventCursor == 2)
        control.apply(.togglePlaying, wall: 0)
        #expect(control.eventCursor == nil && control.eventNumber == 3)
    }

    @Test func seeksByOneAndTenSecondsAndToTheEnds() {
        var control = ReplayControl(startTime: 0, endTime: 10_000_000_000, eventTimes: times)
        #expect(control.apply(.seekForward, wall: 0) == "at 1.000s")
        control.apply(.seekForwardLong, wall: 0)
        #expect(control.clock.position == 10_000_000_000)
        control.apply(.seekBack, wall: 0)
        #expect(control.clock.position == 9_000_000_000 && control.eventNumber == 5)
        control.apply(.seekBackLong, wall: 0)
        #expect(control.clock.position == 0)
        control.apply(.seekEnd, wall: 0)
        #expect(control.strip().eventsShown == 5)
        #expect(control.apply(.seekStart, wall: 0) == "at the start")
        #expect(control.clock.isAtStart)
    }

    @Test func speedKeysSayTheSpeed() {
        var control = ReplayControl(startTime: 0, endTime: 1, eventTimes: [])
        #expect(control.apply(.faster, wall: 0) == "speed 2×")
        #expect(control.apply(.slower, wall: 0) == "speed 1×")
        #expect(control.apply(.slower, wall: 0) == "speed 0.5×")
    }

    @Test func replayKeysCollideNeitherWithEachOtherNorWithTheLiveViewsThatStillWork() {
        var seen: Set<Key> = []
        for binding in ReplayKeyBindings.all {
            for key in binding.keys {
                #expect(!seen.contains(key), "\(key) bound twice in the replay")
                seen.insert(key)
                if let live = KeyBindings.action(for: key) {
                    #expect(ReplayKeyBindings.disabledLiveActions.contains(live), "\(key) is also the live view's \(live)")
                }
            }
        }
        for action in ReplayAction.allCases {
            #expect(ReplayKeyBindings.all.contains { $0.action == action }, "\(action) has no key")
        }
        #expect(ReplayKeyBindings.action(for: .character(" ")) == .togglePlaying)
    }

    @Test func theReplayFooterListsItsKeysFirstAndNotThePicker() {
        let keys = FooterWidget.keys(replay: true).map(\.display)
        #expect(keys.first == "space" && keys.contains("b/n") && keys.contains("0/$"))
        #expect(!keys.contains("p") && !keys.contains("F"))
        #expect(FooterWidget.keys(replay: false).map(\.display).contains("p"))
    }
}
