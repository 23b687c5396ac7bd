import Testing
import VMScopeCore
@testable import VMScopeTUI

/// What the picker's keys and clicks do to its state, and what its cells are drawn as.
@Suite struct PickerStateTests {
    func pids(_ state: PickerState) -> [Int32] { state.visibleRows.map(\.pid) }

    func type(_ text: String, into state: inout PickerState) {
        for character in text { #expect(state.handle(.character(character), pageSize: 10) == .none) }
    }

    // MARK: Sorting

    @Test func kernelThreadsComeLastInEitherDirection() {
        var state = PickerSamples.state()
        #expect(pids(state) == [1, 412, 655, 701, 1203, 1240, 1241, 2210, 3056, 3190, 3377, 4242, 12_001, 2, 3, 14])
        state.sort(by: .pid, ascending: false)
        #expect(pids(state) == [12_001, 4242, 3377, 3190, 3056, 2210, 1241, 1240, 1203, 701, 655, 412, 1, 14, 3, 2])
    }

    @Test func sortColumnsCycleWithArrowsAndStartInTheirNaturalDirection() {
        var state = PickerSamples.state()
        var seen: [(PickerColumn, Bool)] = []
        for _ in PickerColumn.allCases {
            _ = state.handle(.right, pageSize: 10)
            seen.append((state.sortColumn, state.ascending))
        }
        #expect(seen.map(\.0) == [.user, .vsz, .rss, .maps, .rate, .command, .pid])
        #expect(seen.map(\.1) == [true, false, false, false, false, true, true])
        _ = state.handle(.left, pageSize: 10)
        #expect(state.sortColumn == .command)
        _ = state.handle(.function(6), pageSize: 10)
        #expect(state.sortColumn == .pid)
        _ = state.handle(.control("r"), pageSize: 10)
        #expect(state.sortColumn == .pid && !state.ascending)
        _ = state.handle(.function(7), pageSize: 10)
        #expect(state.ascending)
    }

    @Test func sortOrdersByEachColumnWithPidBreakingTies() {
        var state = PickerSamples.state()
        state.sort(by: .rss, ascending: false)
        #expect(pids(state).prefix(4) == [3190, 2210, 12_001, 1203])
        state.sort(by: .vsz, ascending: false)
        // The three postgres processes share a VSZ: lowest pid first.
        #expect(pids(state).prefix(5) == [3190, 2210, 12_001, 1203, 1240])
        state.sort(by: .maps, ascending: true)
        // Unknown counts (denied, zombie) sort below zero; kernel threads still last.
        #expect(pids(state).prefix(3) == [2210, 3377, 4242])
        #expect(pids(state).suffix(3) == [2, 3, 14])
        state.sort(by: .rate, ascending: false)
        #expect(pids(state).prefix(2) == [4242, 1203])
        state.sort(by: .user, ascending: true)
        #expect(state.visibleRows.first?.userText == "1500")
        state.sort(by: .command, ascending: true)
        #expect(state.visibleRows.first?.commandText == "-bash")
    }

    // MARK: Selection follows the process

    @Test func selectionFollowsThePidAcrossResortAndRefresh() {
        var state = PickerSamples.state(selecting: 3190)
        #expect(state.selectedPid == 3190)
        state.sort(by: .rss, ascending: false)
        #expect(state.selectedPid == 3190 && state.visibleRows.first?.pid == 3190)
        // A refresh in another order, with rates changed: still the same process.
        state.update(rows: PickerSamples.rows().reversed())
        #expect(state.selectedPid == 3190)
        _ = state.handle(.down, pageSize: 10)
        #expect(state.selectedPid == 2210)
    }

    @Test func whenTheSelectedProcessExitsTheRowInItsPlaceIsSelected() {
        var state = PickerSamples.state(selecting: 1240)
        let index = pids(state).firstIndex(of: 1240)!
        state.update(rows: PickerSamples.rows().filter { $0.pid != 1240 })
        #expect(state.selectedPid == pids(state)[index])
        #expect(state.selectedPid == 1241)
        state.update(rows: [])
        #expect(state.selectedPid == nil)
        #expect(state.handle(.enter, pageSize: 10) == .none)
        #expect(state.message == "no processes listed yet")
    }

    @Test func movingAndPaging() {
        var state = PickerState(rows: PickerSamples.many(100))
        #expect(state.selectedPid == 20_000)
        _ = state.handle(.pageDown, pageSize: 10)
        #expect(state.selectedPid == 20_070 && state.scroll == 10)
        _ = state.handle(.down, pageSize: 10)
        _ = state.handle(.control("n"), pageSize: 10)
        #expect(state.selectedPid == 20_084)
        _ = state.handle(.control("p"), pageSize: 10)
        #expect(state.selectedPid == 20_077)
        _ = state.handle(.end, pageSize: 10)
        #expect(state.selectedPid == 20_693 && state.scroll == 90)
        _ = state.handle(.pageDown, pageSize: 10)
        #expect(state.selectedPid == 20_693 && state.scroll == 90)
        _ = state.handle(.pageUp, pageSize: 10)
        #expect(state.selectedPid == 20_623 && state.scroll == 80)
        _ = state.handle(.home, pageSize: 10)
        #expect(state.selectedPid == 20_000 && state.scroll == 0)
        _ = state.handle(.up, pageSize: 10)
        #expect(state.selectedPid == 20_000)
    }

    // MARK: Filter

    @Test func typingFiltersByNameCaseInsensitivelyAndDigitsByPidPrefix() {
        var state = PickerSamples.state()
        type("PYTHON", into: &state)
        #expect(state.filter == "PYTHON" && pids(state) == [3190])
        #expect(state.selectedPid == 3190)
        _ = state.handle(.control("u"), pageSize: 10)
        type("12", into: &state)
        #expect(pids(state) == [1203, 1240, 1241, 12_001])
        // Arguments match too, and kernel threads by their name.
        _ = state.handle(.control("u"), pageSize: 10)
        type("imagenet", into: &state)
        #expect(pids(state) == [3190])
        _ = state.handle(.control("u"), pageSize: 10)
        type("softirq", into: &state)
        #expect(pids(state) == [14])
    }

    @Test func aRowMatchesAnySubstringOfItsNameOrCommandLine() {
        let row = PickerRow(ProcessListing(pid: 7, command: "Café-daemon", commandLine: ["/opt/café/bin/daemon", "--port=8080"]))
        for kept in ["café", "fé-d", "daemon", "-port=8080", "/opt/", "c", "t=8080"] {
            #expect(row.matches(lowercasedFilter: kept), "\(kept) should keep the row")
        }
        for dropped in ["cafe", "daemonx", "--port=80800", "/opt/café/bin/daemon --port=8080 and more", "é-x"] {
            #expect(!row.matches(lowercasedFilter: dropped), "\(dropped) should drop the row")
        }
        #expect(row.matches(lowercasedFilter: ""))
        // All digits is a pid prefix, not text.
        #expect(!row.matches(lowercasedFilter: "8080") && row.matches(lowercasedFilter: "7"))
    }

    @Test func filterEditingKeys() {
        var state = PickerSamples.state()
        type("post writer", into: &state)
        #expect(pids(state).isEmpty && state.selectedPid == nil)
        _ = state.handle(.control("w"), pageSize: 10)
        #expect(state.filter == "post ")
        _ = state.handle(.backspace, pageSize: 10)
        #expect(state.filter == "post" && pids(state) == [1203, 1240, 1241])
        _ = state.handle(.backspace, pageSize: 10)
        #expect(state.filter == "pos")
        _ = state.handle(.control("u"), pageSize: 10)
        #expect(state.filter.isEmpty && pids(state).count == PickerSamples.listings.count)
        _ = state.handle(.backspace, pageSize: 10)
        #expect(state.filter.isEmpty)
        #expect(PickerState.droppingLastWord("a b  ") == "a ")
        #expect(PickerState.droppingLastWord("abc") == "")
    }

    @Test func filteringKeepsAVisibleSelectionElseTakesTheFirstMatch() {
        var state = PickerSamples.state(selecting: 1241)
        type("postgres", into: &state)
        #expect(state.selectedPid == 1241)
        _ = state.handle(.control("u"), pageSize: 10)
        type("bash", into: &state)
        #expect(state.selectedPid == 3056)
        _ = state.handle(.control("u"), pageSize: 10)
        #expect(state.selectedPid == 3056)
    }

    @Test func escClearsTheFilterFirstThenCloses() {
        var state = PickerSamples.state()
        type("cron", into: &state)
        #expect(state.handle(.escape, pageSize: 10) == .none)
        #expect(state.filter.isEmpty)
        #expect(state.handle(.escape, pageSize: 10) == .close)
    }

    // MARK: Enter, help, quit

    @Test func enterWatchesOrSaysWhyNot() {
        var state = PickerSamples.state(selecting: 3190)
        #expect(state.handle(.enter, pageSize: 10) == .watch(pid: 3190, startTimeTicks: 319_000))
        state.select(pid: 2)
        #expect(state.handle(.enter, pageSize: 10) == .refused(pid: 2, reason: "kernel thread"))
        #expect(state.message == "cannot watch 2 (kthreadd): kernel thread")
        // The next key clears the message.
        _ = state.handle(.down, pageSize: 10)
        #expect(state.message == nil)
        state.select(pid: 2210)
        #expect(state.handle(.enter, pageSize: 10) == .refused(pid: 2210, reason: "permission denied"))
        // A comm with control characters is escaped in the message.
        state.update(rows: [PickerRow(ProcessListing(pid: 9, command: "x\u{1B}y", unreadableReason: "zombie"))])
        _ = state.handle(.enter, pageSize: 10)
        #expect(state.message == "cannot watch 9 (x\\ey): zombie")
    }

    @Test func helpClosesOnAnyKeyAndCtrlCAlwaysQuits() {
        var state = PickerSamples.state()
        #expect(state.handle(.function(1), pageSize: 10) == .none && state.showHelp)
        #expect(state.handle(.character("x"), pageSize: 10) == .none)
        #expect(!state.showHelp && state.filter.isEmpty)
        _ = state.handle(.function(1), pageSize: 10)
        #expect(state.handle(.control("c"), pageSize: 10) == .quit)
        #expect(state.showHelp)
        #expect(state.handle(.escape, pageSize: 10) == .none && !state.showHelp)
        #expect(state.handle(.control("l"), pageSize: 10) == .redraw)
        #expect(state.handle(.insert, pageSize: 10) == .none)
    }

    // MARK: Mouse

    @Test func clickingHeadingsSortsAndClickingAgainReverses() throws {
        var state = PickerSamples.state()
        let layout = PickerView(state: state, width: 100, height: 24).layout
        let rss = try #require(layout.columns.first { $0.column == .rss })
        #expect(state.handle(mouseAtX: rss.x + 1, y: layout.headings.y, kind: .click, layout: layout, time: 0) == .none)
        #expect(state.sortColumn == .rss && !state.ascending)
        _ = state.handle(mouseAtX: rss.x + rss.width, y: layout.headings.y, kind: .click, layout: layout, time: 1_000_000_000)
        #expect(state.sortColumn == .rss && state.ascending)
        let command = try #require(layout.columns.last)
        _ = state.handle(mouseAtX: 99, y: layout.headings.y, kind: .click, layout: layout, time: 2_000_000_000)
        #expect(command.column == .command && state.sortColumn == .command && state.ascending)
        // The watched mark's column and the title are not headings.
        #expect(layout.column(atX: 0, y: layout.headings.y) == nil)
        #expect(layout.column(atX: rss.x, y: layout.title.y) == nil)
    }

    @Test func clickSelectsAndDoubleClickWatches() {
        var state = PickerSamples.state()
        let layout = PickerView(state: state, width: 100, height: 24).layout
        let y = layout.list.y + 2
        let pid = layout.pid(atY: y)
        #expect(pid == 655)
        #expect(state.handle(mouseAtX: 40, y: y, kind: .click, layout: layout, time: 5_000_000_000) == .none)
        #expect(state.selectedPid == 655)
        // Too slow for a double-click: just a click again.
        #expect(state.handle(mouseAtX: 40, y: y, kind: .click, layout: layout, time: 5_500_000_000) == .none)
        #expect(state.handle(mouseAtX: 40, y: y, kind: .click, layout: layout, time: 5_800_000_000)
                == .watch(pid: 655, startTimeTicks: 65_500))
        // A click on another row in between breaks the pair.
        _ = state.handle(mouseAtX: 40, y: y, kind: .click, layout: layout, time: 7_000_000_000)
        _ = state.handle(mouseAtX: 40, y: y + 1, kind: .click, layout: layout, time: 7_100_000_000)
        #expect(state.handle(mouseAtX: 40, y: y, kind: .click, layout: layout, time: 7_200_000_000) == .none)
        // Clicks past the last row or on the filter line do nothing.
        #expect(layout.pid(atY: layout.list.maxY - 1) == nil)
        _ = state.handle(mouseAtX: 40, y: layout.filterLine.y, kind: .click, layout: layout, time: 9_000_000_000)
        #expect(state.selectedPid == 655)
    }

    @Test func wheelMovesTheSelectionAndTheView() {
        var state = PickerState(rows: PickerSamples.many(100))
        let layout = PickerView(state: state, width: 100, height: 24).layout
        _ = state.handle(mouseAtX: 10, y: 10, kind: .wheelDown, layout: layout, time: 0)
        #expect(state.selectedPid == 20_021 && state.scroll == 3)
        _ = state.handle(mouseAtX: 10, y: 10, kind: .wheelUp, layout: layout, time: 0)
        #expect(state.selectedPid == 20_000 && state.scroll == 0)
    }

    // MARK: Key table

    @Test func everyActionHasAKeyAndNoKeyIsBoundTwice() {
        for action in PickerAction.allCases where action != .typeToFilter {
            #expect(PickerKeyBindings.all.contains { $0.action == action && !$0.keys.isEmpty }, "\(action) has no key")
        }
        var seen: Set<Key> = []
        for binding in PickerKeyBindings.all {
            for key in binding.keys {
                #expect(!seen.contains(key), "\(key) bound twice")
                seen.insert(key)
                // Printable characters must type, never command.
                if case .character = key { Issue.record("\(key) is printable: it belongs to the filter") }
            }
        }
    }

    @Test func footerAndHelpShowTheTable() {
        let screen = PickerView.render(PickerSamples.state(), width: 100, height: 24)
        let footer = screen.text().split(separator: "\n", omittingEmptySubsequences: false).last!
        #expect(footer.hasPrefix(" Enter Watch  Esc Back  type Filter  ↑/↓ Select  ←/→ Sort  ^R Reverse  F1 Help"))
        #expect(screen[1, 23].role == .footerKey && screen[7, 23].role == .footer)

        var state = PickerSamples.state()
        state.showHelp = true
        let help = PickerView.render(state, width: 120, height: 40).text()
        for row in PickerKeyBindings.helpRows { #expect(help.contains(row.help), "\(row.display) missing from help") }
        #expect(help.contains(PickerKeyBindings.mouseHelp))
    }

    // MARK: Roles

    @Test func unwatchableRowsAreDimAndTheSelectionIsHighlighted() throws {
        var state = PickerSamples.state(selecting: 1)
        state.sort(by: .rss, ascending: false)
        let view = PickerView(state: state, width: 100, height: 24)
        let screen = view.render()
        func y(of pid: Int32) throws -> Int {
            try #require((view.layout.list.y..<view.layout.list.maxY).first { view.layout.pid(atY: $0) == pid })
        }
        func rowText(_ y: Int) -> String { String((0..<100).map { screen[$0, y].character }) }
        for pid in [2210, 3377, 2, 3, 14] as [Int32] {
            let row = try y(of: pid)
            let drawn = (0..<100).filter { screen[$0, row].character != " " }
            #expect(!drawn.isEmpty)
            #expect(drawn.allSatisfy { screen[$0, row].role == .dim }, "row of \(pid) is not all dim")
        }
        #expect(rowText(try y(of: 2)).contains("kernel thread"))
        #expect(rowText(try y(of: 2210)).contains("permission denied"))
        #expect(rowText(try y(of: 3377)).contains("zombie"))
        // A watchable row is not dim; the selected row is all selection; the watched mark stands out.
        let cron = try y(of: 655)
        #expect((0..<100).filter { screen[$0, cron].character != " " }.allSatisfy { screen[$0, cron].role == .normal })
        let selected = try y(of: 1)
        #expect((0..<100).allSatisfy { screen[$0, selected].role == .selection })
        let demo = try y(of: 4242)
        #expect(screen[0, demo].character == "●" && screen[0, demo].role == .title)
        // The sorted heading is the bright one.
        let rss = try #require(view.layout.columns.first { $0.column == .rss })
        #expect(screen[rss.x + rss.width - 1, view.layout.headings.y].character == "▼")
        #expect(screen[rss.x + rss.width - 1, view.layout.headings.y].role == .headerValue)
        #expect(screen[view.layout.columns[0].x, view.layout.headings.y].role == .header)
    }

    @Test func processTextIsEscaped() {
        let text = PickerView.render(PickerSamples.state(), width: 120, height: 24).text()
        #expect(text.contains("/home/alice/demo\\e[31m --rounds 10"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test func anySizeRendersWithoutTrappingAndStaysInside() {
        var state = PickerState(rows: PickerSamples.rows() + PickerSamples.many(50), selecting: 20_343)
        state.setFilter("")
        for width in [0, 1, 2, 5, 13, 14, 20, 31, 47, 48, 60, 61, 80, 119, 400] {
            for height in [0, 1, 2, 3, 4, 5, 6, 7, 24, 120] {
                let view = PickerView(state: state, width: width, height: height)
                let screen = view.render()
                #expect(screen.width == width && screen.height == height)
                #expect(view.layout.list.maxY <= height && view.layout.listRows >= 0)
                if height >= 3, width >= 20 { #expect(view.layout.pid(atY: view.layout.list.y) != nil || view.layout.listRows == 0) }
            }
        }
    }
}
