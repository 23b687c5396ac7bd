import Testing
import VMScopeCore
@testable import VMScopeTUI

/// Whole-screen renderings compared with Snapshots/*.txt (re-record with
/// VMSCOPE_RECORD_SNAPSHOTS=1 and read the files before committing them).
@Suite struct LiveViewSnapshotTests {
    @Test func demoCompressed100x30() {
        SnapshotFile.check(LiveView.render(SampleStates.demo(), width: 100, height: 30).text(), named: "demo-compressed-100x30")
    }

    @Test func demoLogarithmicWide160x40() {
        var state = SampleStates.demo()
        state.scale = .logarithmic
        state.focus = .events
        SnapshotFile.check(LiveView.render(state, width: 160, height: 40).text(), named: "demo-log-160x40")
    }

    @Test func demoLinearZoomedOnProgramAndHeap() {
        var state = SampleStates.demo()
        state.scale = .linear(window: 0x5555_5555_4000...0x5555_555c_3fff)
        state.selectedRegion = 1
        SnapshotFile.check(LiveView.render(state, width: 100, height: 24).text(), named: "demo-linear-zoomed-100x24")
    }

    @Test func demoLinearWholeUserSpace() {
        var state = SampleStates.demo()
        state.scale = .linear(window: AddressSpaceLimit.window(AddressSpaceLimit.fourLevel))
        SnapshotFile.check(LiveView.render(state, width: 100, height: 24).text(), named: "demo-linear-userspace-100x24")
    }

    @Test func tiny60x16() {
        SnapshotFile.check(LiveView.render(SampleStates.demo(), width: 60, height: 16).text(), named: "demo-tiny-60x16")
    }

    @Test func huge300x80With65000Regions() {
        SnapshotFile.check(LiveView.render(SampleStates.huge(), width: 300, height: 80).text(), named: "huge-65000-regions-300x80")
    }

    @Test func exitedProcess() {
        SnapshotFile.check(LiveView.render(SampleStates.exited(), width: 100, height: 24).text(), named: "exited-100x24")
    }

    @Test func helpOverlay() {
        var state = SampleStates.demo()
        state.showHelp = true
        SnapshotFile.check(LiveView.render(state, width: 100, height: 30).text(), named: "help-overlay-100x30")
    }

    @Test func helpOverlayOnTheSmallestScreen() {
        var state = SampleStates.demo()
        state.showHelp = true
        SnapshotFile.check(LiveView.render(state, width: 60, height: 16).text(), named: "help-overlay-60x16")
    }

    /// Before the first /proc snapshot: nothing to draw yet, but nothing broken either.
    @Test func emptyStateBeforeTheFirstSnapshot() {
        var state = LiveViewState()
        state.pid = 1234
        state.commandLine = "sleep 1000"
        state.source = "polling"
        SnapshotFile.check(LiveView.render(state, width: 80, height: 18).text(), named: "empty-80x18")
    }

    /// The first frame while the probe loads: it says so where the bar goes and after the source.
    @Test func attachingBeforeTheProbeIsLoaded() {
        var state = LiveViewState()
        state.pid = 1234
        state.commandLine = "[sleep]"
        state.sourceNote = "attaching"
        state.waitingFor = "attaching: loading the eBPF probe…"
        let text = LiveView.render(state, width: 80, height: 18).text()
        #expect(text.contains("attaching: loading the eBPF probe…"))
        #expect(text.contains("via eBPF (attaching)"))
        #expect(!text.contains("waiting for the first /proc snapshot"))
        state.readProblem = "cannot read maps"
        #expect(!LiveView.render(state, width: 80, height: 18).text().contains("loading the eBPF probe"),
                "a read problem is the more important thing to say")
    }

    @Test func tooSmall() {
        SnapshotFile.check(LiveView.render(SampleStates.demo(), width: 50, height: 12).text(), named: "too-small-50x12")
    }

    @Test func regionTableSelectionAndScroll() {
        var state = SampleStates.demo()
        state.selectedRegion = 16
        state.regionScroll = 0
        state.paused = true
        state.message = "scale: compressed"
        SnapshotFile.check(LiveView.render(state, width: 90, height: 22).text(), named: "table-selection-scrolled-90x22")
    }

    @Test func eventLogFilteredAndScrolledBack() {
        var state = SampleStates.demo()
        state.focus = .events
        // Twice the demo's events, the second round five seconds later, so there is history to scroll.
        state.events += state.events.map { var later = $0; later.seconds += 5; later.timestamp += 5_000_000_000; return later }
        state.hiddenCategories = [.fault]
        state.eventScroll = 2
        SnapshotFile.check(LiveView.render(state, width: 120, height: 24).text(), named: "events-filtered-scrolled-120x24")
    }

    /// The bar, heat strip and label rows alone, in every scale mode, with a role line that
    /// spells each bar cell's role as `AddressBarLayout`'s letters (colour is invisible in text).
    @Test func barRolesAndHeatInEveryMode() {
        let modes: [(String, ScaleMode)] = [("compressed", .compressed), ("logarithmic", .logarithmic),
                                            ("linear-zoomed", .linear(window: 0x5555_5555_4000...0x5555_555c_3fff)),
                                            ("linear-userspace", .linear(window: AddressSpaceLimit.window(AddressSpaceLimit.fourLevel)))]
        var out: [String] = []
        for (name, mode) in modes {
            var state = SampleStates.demo()
            state.scale = mode
            let view = LiveView(state: state, width: 80, height: 24)
            let screen = view.render()
            let lines = screen.text().split(separator: "\n", omittingEmptySubsequences: false)
            out.append("== \(name)")
            out.append(String(lines[view.layout.convergenceRow.y]))
            out.append(String(lines[view.layout.bar.y]))
            out.append(RoleText.line(screen, y: view.layout.bar.y))
            out.append(String(lines[view.layout.heatStrip.y]))
            out.append(String(lines[view.layout.gapLabels.y]))
        }
        SnapshotFile.check(out.joined(separator: "\n"), named: "bar-roles-every-mode-80")
    }
}
