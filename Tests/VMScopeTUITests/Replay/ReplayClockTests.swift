import Testing
@testable import VMScopeTUI

@Suite struct ReplayClockTests {
    let start: UInt64 = 1_000_000_000_000
    var end: UInt64 { start + 60_000_000_000 }

    @Test func playingShowsStartPlusWallElapsedTimesSpeed() {
        var clock = ReplayClock(startTime: start, endTime: end)
        #expect(clock.position == start && !clock.isPlaying && clock.speed == 1)
        clock.play(wall: 500)
        #expect(clock.tick(wall: 500 + 2_000_000_000) == start + 2_000_000_000)
        clock.changeSpeed(by: 2, wall: 500 + 2_000_000_000)  // 1× → 4×
        #expect(clock.speed == 4)
        #expect(clock.tick(wall: 500 + 3_000_000_000) == start + 2_000_000_000 + 4_000_000_000)
        clock.pause(wall: 500 + 4_000_000_000)
        #expect(clock.position == start + 10_000_000_000)
        // Paused: the wall clock no longer moves it.
        #expect(clock.tick(wall: 500 + 90_000_000_000) == start + 10_000_000_000)
        #expect(clock.badge == "❚❚ 4×")
    }

    @Test func speedsStepFromAQuarterToSixtyFourAndStopThere() {
        var clock = ReplayClock(startTime: start, endTime: end)
        var seen: [Double] = [clock.speed]
        for _ in 0..<12 { clock.changeSpeed(by: 1, wall: 0); seen.append(clock.speed) }
        #expect(seen.prefix(7) == [1, 2, 4, 8, 16, 32, 64] && seen.last == 64)
        for _ in 0..<12 { clock.changeSpeed(by: -1, wall: 0) }
        #expect(clock.speed == 0.25)
        #expect(ReplayClock.speedLabel(0.25) == "0.25×" && ReplayClock.speedLabel(0.5) == "0.5×"
            && ReplayClock.speedLabel(64) == "64×")
    }

    @Test func reachingTheEndPausesThereAndPlayAgainStartsOver() {
        var clock = ReplayClock(startTime: start, endTime: end)
        clock.changeSpeed(by: 6, wall: 0)  // 64×
        clock.play(wall: 0)
        #expect(clock.tick(wall: 2_000_000_000) == end)
        #expect(!clock.isPlaying && clock.isAtEnd)
        clock.play(wall: 5)
        #expect(clock.isPlaying && clock.position == start)
    }

    @Test func seeksAreClampedToTheRecording() {
        var clock = ReplayClock(startTime: start, endTime: end)
        clock.seek(by: -1_000_000_000, wall: 0)
        #expect(clock.position == start)
        clock.seek(by: 10_000_000_000, wall: 0)
        #expect(clock.position == start + 10_000_000_000)
        clock.seek(by: .max, wall: 0)
        #expect(clock.position == end)
        clock.seek(to: 0, wall: 0)
        #expect(clock.position == start)
        clock.seek(to: .max, wall: 0)
        #expect(clock.position == end)
    }

    @Test func seekingWhilePlayingKeepsPlayingFromTheNewTime() {
        var clock = ReplayClock(startTime: start, endTime: end)
        clock.play(wall: 0)
        clock.seek(by: 10_000_000_000, wall: 1_000_000_000)  // 1 s played, then +10 s
        #expect(clock.isPlaying && clock.position == start + 11_000_000_000)
        #expect(clock.tick(wall: 2_000_000_000) == start + 12_000_000_000)
    }
}
