import Testing
import VMScopeCore
@testable import VMScopeTUI

@Suite struct ReplayStripTests {
    /// 10 s: a burst of 100 events in the first second, one event at 5 s, 10 in the last second.
    static func strip(position: UInt64, playing: Bool, speed: Double, warning: String? = nil) -> ReplayStrip {
        let start: UInt64 = 50_000_000_000
        var times = (0..<100).map { start + UInt64($0) * 9_000_000 }
        times.append(start + 5_000_000_000)
        times += (0..<10).map { start + 9_100_000_000 + UInt64($0) * 50_000_000 }
        let shown = times.filter { $0 <= start + position }.count
        return ReplayStrip(startTime: start, endTime: start + 10_000_000_000, position: start + position,
                           isPlaying: playing, speed: speed, eventTimes: times, eventsShown: shown, warning: warning)
    }

    @Test func activityCountsEveryEventOnceInItsSlice() {
        let strip = Self.strip(position: 0, playing: false, speed: 1)
        let counts = strip.activity(columns: 10)
        #expect(counts == [100, 0, 0, 0, 0, 1, 0, 0, 0, 10])
        for width in [1, 7, 33, 200] { #expect(strip.activity(columns: width).reduce(0, +) == 111) }
        #expect(strip.positionColumn(columns: 10) == 0)
        #expect(Self.strip(position: 10_000_000_000, playing: false, speed: 1).positionColumn(columns: 10) == 9)
    }

    @Test func timesReadAsSecondsThenMinutes() {
        #expect(ReplayStrip.time(0) == "0.000s")
        #expect(ReplayStrip.time(12_345_678_901) == "12.345s")
        #expect(ReplayStrip.time(187_250_000_000) == "3m07.2s")
    }

    @Test func stripSnapshotWide() {
        var screen = Screen(width: 100, height: 2)
        ReplayStripWidget(strip: Self.strip(position: 5_000_000_000, playing: true, speed: 4))
            .draw(into: &screen, in: screen.bounds)
        SnapshotFile.check(screen.text() + "\n" + RoleText.line(screen, y: 1), named: "replay-strip-100")
    }

    @Test func stripSnapshotNarrowTruncatedRecording() {
        var screen = Screen(width: 60, height: 2)
        ReplayStripWidget(strip: Self.strip(position: 9_500_000_000, playing: false, speed: 0.25,
                                            warning: "recording cut short at byte 4096"))
            .draw(into: &screen, in: screen.bounds)
        SnapshotFile.check(screen.text() + "\n" + RoleText.line(screen, y: 1), named: "replay-strip-60")
    }

    @Test func theLiveViewMakesRoomForTheStripOnlyInAReplay() {
        var state = SampleStates.demo()
        let live = LiveView(state: state, width: 100, height: 30).layout
        state.replay = Self.strip(position: 1_000_000_000, playing: true, speed: 1)
        let replay = LiveView(state: state, width: 100, height: 30).layout
        #expect(live.replayStrip.isEmpty && replay.replayStrip.height == 2)
        #expect(replay.regionTable.y == live.regionTable.y + 2)
        let text = LiveView(state: state, width: 100, height: 30).render().text()
        #expect(text.contains("▶ 1×  1.000s of 10.000s"))
        SnapshotFile.check(text, named: "replay-demo-100x30")
    }
}
