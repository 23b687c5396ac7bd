import Testing
import VMScopeCore
@testable import VMScopeTUI

/// The header's watch-list strip: shown for several processes (or when following children),
/// the shown process highlighted and always visible, ended ones dim, names escaped.
@Suite struct WatchStripTests {
    static func watching(_ count: Int, current: Int) -> LiveViewState {
        var state = SampleStates.demo()
        state.watchList = (0..<count).map { (index: Int) -> WatchListItem in
            let name: String = index == 1 ? "postgres" : "demo"
            let ending: String? = index == 2 ? "exited 0" : nil
            let rate: Double = index == 0 ? 12.5 : 0
            return WatchListItem(pid: 4242 + Int32(index), name: name, ending: ending, eventsPerSecond: rate)
        }
        state.currentWatchIndex = current
        return state
    }

    @Test func snapshotOfThreeProcessesWithFollowing() {
        var state = Self.watching(3, current: 1)
        state.pid = 4243
        state.commandLine = "postgres -D /var/lib/postgresql"
        state.followChildren = true
        SnapshotFile.check(LiveView.render(state, width: 120, height: 30).text(), named: "watch-strip-three-120x30")
    }

    @Test func oneProcessHasNoStripAndTheLayoutStaysAsBefore() {
        let one = Self.watching(1, current: 0)
        let view = LiveView(state: one, width: 120, height: 30)
        #expect(view.layout.header.height == 2)
        #expect(!view.render().text().contains("watching"))
        let three = LiveView(state: Self.watching(3, current: 0), width: 120, height: 30)
        #expect(three.layout.header.height == 3)
        #expect(three.layout.convergenceRow.y == 3)
    }

    @Test func rolesSayShownRunningAndEnded() {
        let screen = LiveView.render(Self.watching(3, current: 1), width: 160, height: 40)
        let line = 2
        let text = Array(screen.text().split(separator: "\n", omittingEmptySubsequences: false)[line])
        func role(of needle: String) -> ThemeRole? {
            let characters = Array(needle)
            guard let x = (0...(text.count - characters.count)).first(where: { Array(text[$0..<$0 + characters.count]) == characters })
            else { return nil }
            return screen[x, line].role
        }
        #expect(role(of: "4243 postgres") == .selection)
        #expect(role(of: "4242 demo 13/s") == .headerValue)
        #expect(role(of: "4244 demo exited 0") == .dim)
    }

    @Test func theShownProcessStaysVisibleInALongList() {
        var state = Self.watching(40, current: 37)
        state.watchList[37].name = "needle"
        let text = LiveView.render(state, width: 80, height: 24).text()
        let strip = text.split(separator: "\n")[2]
        #expect(strip.contains("4279 needle"), "current process scrolled out: \(strip)")
        #expect(strip.contains("…"))
    }

    @Test func controlCharactersInNamesAreEscaped() {
        var state = Self.watching(2, current: 0)
        state.watchList[1].name = "evil\u{1b}[2J"
        let text = LiveView.render(state, width: 120, height: 30).text()
        #expect(!text.contains("\u{1b}"))
        #expect(text.contains("evil\\e[2J"))
    }
}
