import Testing
import VMScopeCore
@testable import VMScopeTUI

/// The detail pane (`i`): the selected event in full with its stack, or the selected region and
/// the calls that made and grew it; drawn where the panel without focus was.
@Suite struct DetailPaneTests {
    typealias Feed = ProcessViewModelFeed

    /// malloc → the program's own function → main, in libc and the demo; one frame in anonymous
    /// (JIT) code, one only in a module without symbols, and a hostile symbol name.
    static let stack = UserStack(addresses: [0x7fff_f7e1_2a40, 0x5555_5555_5189, 0x7fff_f7c2_9d90, 0x7fff_f0000_123, 0x5555_5555_5040],
                                 frames: [
        StackFrame(address: 0x7fff_f7e1_2a40, module: SampleStates.libc, moduleOffset: 0xa5a40, symbol: "malloc",
                   symbolOffset: 0x1a0, buildID: "6d64b17fbac799e68da7ebd9985ddf9b5cb375e6"),
        StackFrame(address: 0x5555_5555_5189, module: SampleStates.demoPath, moduleOffset: 0x1189,
                   symbol: "grow_heap\u{1b}]0;pwned\u{07}", symbolOffset: 0x19, buildID: "0123abcd"),
        StackFrame(address: 0x7fff_f7c2_9d90, module: SampleStates.libc, moduleOffset: 0x29d90),
        StackFrame(address: 0x7fff_f000_0123),
        StackFrame(address: 0x5555_5555_5040, module: SampleStates.demoPath, moduleOffset: 0x1040, symbol: "main",
                   symbolOffset: 0x30, buildID: "0123abcd"),
    ], truncated: true)

    static func eventState() -> LiveViewState {
        var state = SampleStates.demo()
        var events = SampleStates.demoEvents
        let index = events.firstIndex { $0.description.label == "mmap" && $0.seconds == 2.5 }!
        events[index].stack = stack
        events[index].gapSearches = [GapSearch(length: 0x22000, window: 0x5555_555c_0000..<0x7fff_f7ff_0000,
                                               direction: .topDown, result: 0x7fff_f7d5_e000)]
        for serial in events.indices { events[serial].serial = serial + 1 }
        state.events = events
        state.selectedEvent = index + 1
        state.focus = .events
        state.showDetail = true
        return state
    }

    static func regionState() -> LiveViewState {
        var state = SampleStates.demo()
        state.showDetail = true
        state.focus = .regions
        state.logEpoch = SampleStates.now - 30_000_000_000
        state.regionStacks = [
            RegionStackRecord(label: "brk+", range: 0x5555_5555_9000..<0x5555_5557_a000,
                              timestamp: SampleStates.now - 29_990_000_000, stack: UserStack(addresses: Array(stack.addresses.prefix(2)), frames: Array(stack.frames.prefix(2)))),
            RegionStackRecord(label: "brk+", range: 0x5555_5557_a000..<0x5555_555b_c000,
                              timestamp: SampleStates.now - 28_750_000_000, stack: UserStack(addresses: [0x5555_5555_5189])),
        ]
        return state
    }

    @Test func eventDetail100x30() {
        let text = LiveView.render(Self.eventState(), width: 100, height: 30).text()
        #expect(text.contains("malloc+0x1a0 (libc.so.6)"))
        #expect(!text.contains("\u{1b}") && !text.contains("\u{07}"))
        SnapshotFile.check(text, named: "detail-event-100x30")
    }

    @Test func eventDetail60x16() {
        SnapshotFile.check(LiveView.render(Self.eventState(), width: 60, height: 16).text(), named: "detail-event-60x16")
    }

    @Test func regionDetail100x30() {
        let text = LiveView.render(Self.regionState(), width: 100, height: 30).text()
        #expect(text.contains("made and grown by"))
        SnapshotFile.check(text, named: "detail-region-100x30")
    }

    @Test func regionDetail60x16() {
        SnapshotFile.check(LiveView.render(Self.regionState(), width: 60, height: 16).text(), named: "detail-region-60x16")
    }

    @Test func framesReadAsSymbolModuleOrAddress() {
        let lines = StackFrameText.lines(Self.stack)
        #expect(lines[0] == "malloc+0x1a0 (libc.so.6)")
        #expect(lines[2] == "libc.so.6+0x29d90")
        #expect(lines[3] == "0x7ffff0000123")
        #expect(!lines[1].contains("\u{1b}"))
        #expect(StackFrameText.modules(Self.stack) == [SampleStates.libc + "  build-id 6d64b17fbac799e68da7ebd9985ddf9b5cb375e6",
                                                        SampleStates.demoPath + "  build-id 0123abcd"])
        // Not yet symbolized: the bare addresses.
        #expect(StackFrameText.lines(UserStack(addresses: [0x1000])) == ["0x000000001000"])
    }

    @Test func anEventWithoutAStackSaysWhy() {
        var state = Self.eventState()
        state.selectedEvent = 1
        let category = state.events.first { $0.serial == 1 }!.category
        let lines = DetailPaneWidget(state: state).lines().map(\.text)
        let why = DetailPaneWidget.carriesStacks(category) ? DetailPaneWidget.noStack : DetailPaneWidget.noStackForKind
        #expect(lines.contains { $0.contains(why) })
        // A fault never has one: it says so rather than suggest --no-stacks.
        if let fault = state.events.firstIndex(where: { $0.category == .fault }) {
            state.selectedEvent = state.events[fault].serial
            #expect(DetailPaneWidget(state: state).lines().map(\.text).contains { $0.contains(DetailPaneWidget.noStackForKind) })
        }
        #expect(DetailPaneWidget.carriesStacks(.brk) && DetailPaneWidget.carriesStacks(.failure))
        #expect(!DetailPaneWidget.carriesStacks(.fault) && !DetailPaneWidget.carriesStacks(.mprotect))
        state.selectedEvent = nil
        #expect(DetailPaneWidget(state: state).lines().first?.text.hasPrefix("no event selected") == true)
    }

    @Test func theKeyTogglesThePaneOverThePanelWithoutFocus() {
        var state = SampleStates.demo()
        var input = LiveViewInputHandler()
        _ = input.handle(.key(.character("i")), state: &state, layout: nil)
        #expect(state.showDetail)
        let layout = LiveView(state: state, width: 100, height: 30).layout
        #expect(layout.detailPane == layout.eventLog)
        state.focus = .events
        #expect(LiveView(state: state, width: 100, height: 30).layout.detailPane == LiveView(state: state, width: 100, height: 30).layout.regionTable)
        _ = input.handle(.key(.character("i")), state: &state, layout: nil)
        #expect(!state.showDetail && LiveView(state: state, width: 100, height: 30).layout.detailPane.isEmpty)
    }

    // MARK: The model keeps the stacks

    @Test func theModelKeepsTheStacksThatMadeAndGrewTheSelectedRegion() {
        let feed = Feed()
        var grow = MemoryEvent(timestamp: feed.now + 1, tgid: Feed.pid, tid: Feed.pid, kind: feed.brk(by: 0x10000),
                               stack: Self.stack)
        feed.timeline.annotate(&grow)
        feed.timeline.apply(grow)
        feed.model.take([grow], timeline: feed.timeline, now: feed.now + 1)
        // The log line carries the stack too.
        #expect(feed.model.events.last?.stack == Self.stack)
        var state = LiveViewState()
        state.showDetail = true
        state.focus = .regions
        feed.model.fill(&state, now: feed.now + 1)
        state.selectedRegion = state.regions.firstIndex { $0.kind == .heap }!
        feed.model.fill(&state, now: feed.now + 1)
        #expect(state.regionStacks.map(\.label) == ["brk+"])
        #expect(state.regionStacks.first?.stack == Self.stack)
        // Another region: none of its calls had a stack.
        state.selectedRegion = 0
        feed.model.fill(&state, now: feed.now + 1)
        #expect(state.regionStacks.isEmpty)
        // Paused (the picture not refilled), the pane still follows the selection.
        state.selectedRegion = state.regions.firstIndex { $0.kind == .heap }!
        feed.model.fillRegionStacks(&state)
        #expect(state.regionStacks.map(\.label) == ["brk+"])
    }

    @Test func theHistoryIsBoundedPerStartAndInStarts() {
        var history = RegionStackHistory()
        let stack = UserStack(addresses: [1])
        for index in 0..<20 {
            history.note(MemoryEvent(timestamp: UInt64(index), tgid: 1, tid: 1,
                                     kind: Feed.anonymousMmap(0x10000, 0x1000), stack: stack))
        }
        #expect(history.records(overlapping: 0x10000..<0x11000, limit: 100).map(\.timestamp) == Array(12..<20))
        for index in 0..<(RegionStackHistory.startLimit * 2) {
            history.note(MemoryEvent(timestamp: 100 + UInt64(index), tgid: 1, tid: 1,
                                     kind: Feed.anonymousMmap(0x100000 + UInt64(index) * 0x1000, 0x1000), stack: stack))
        }
        #expect(history.count <= RegionStackHistory.startLimit + RegionStackHistory.startLimit / 8)
        // The oldest start went first; the newest is kept.
        #expect(history.records(overlapping: 0x10000..<0x11000).isEmpty)
        #expect(history.records(overlapping: 0x100000 + UInt64(RegionStackHistory.startLimit * 2 - 1) * 0x1000 ..< 0x100000 + UInt64(RegionStackHistory.startLimit * 2) * 0x1000).count == 1)
        // Calls without a stack, and calls that neither map nor grow, are not kept.
        history.removeAll()
        history.note(MemoryEvent(timestamp: 1, tgid: 1, tid: 1, kind: Feed.anonymousMmap(0x10000, 0x1000)))
        history.note(MemoryEvent(timestamp: 1, tgid: 1, tid: 1, kind: .munmap(address: 0x10000, length: 0x1000), stack: stack))
        #expect(history.count == 0)
    }
}
