import Testing
import VMScopeCore
@testable import VMScopeTUI

/// The process picker rendered whole and compared with Snapshots/picker-*.txt (re-record with
/// VMSCOPE_RECORD_SNAPSHOTS=1, read the files, and rebuild so the bundle carries them).
@Suite struct PickerSnapshotTests {
    static func render(_ state: PickerState, _ width: Int, _ height: Int) -> String {
        PickerView.render(state, width: width, height: height).text()
    }

    @Test func defaultSortIsByPidWithKernelThreadsLast() {
        SnapshotFile.check(Self.render(PickerSamples.state(), 100, 24), named: "picker-default-100x24")
    }

    @Test func sortedByRSSDescending() {
        var state = PickerSamples.state(selecting: 1203)
        state.sort(by: .rss, ascending: false)
        SnapshotFile.check(Self.render(state, 100, 24), named: "picker-rss-descending-100x24")
    }

    @Test func sortedByCommand() {
        var state = PickerSamples.state(selecting: 655)
        state.sort(by: .command, ascending: true)
        SnapshotFile.check(Self.render(state, 100, 24), named: "picker-command-100x24")
    }

    @Test func filteredByName() {
        var state = PickerSamples.state()
        for character in "POSTgres" { _ = state.handle(.character(character), pageSize: 10) }
        SnapshotFile.check(Self.render(state, 90, 12), named: "picker-filter-name-90x12")
    }

    @Test func filteredByPidDigits() {
        var state = PickerSamples.state()
        for character in "12" { _ = state.handle(.character(character), pageSize: 10) }
        SnapshotFile.check(Self.render(state, 90, 12), named: "picker-filter-pid-90x12")
    }

    /// Kernel threads, a process whose maps are denied and a zombie, with the roles of their
    /// cells spelled out (the text alone cannot show that they are dim).
    @Test func unwatchableRowsAreDimWithTheirReason() {
        var state = PickerSamples.state(selecting: 1)
        state.sort(by: .rss, ascending: false)
        let view = PickerView(state: state, width: 100, height: 24)
        let screen = view.render()
        var lines = screen.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.append("== roles (d dim, s selection, h header, H sorted heading, t title, n normal, k/f footer)")
        for y in 0..<screen.height { lines.append(PickerRoleText.line(screen, y: y)) }
        SnapshotFile.check(lines.joined(separator: "\n"), named: "picker-unwatchable-roles-100x24")
    }

    @Test func selectionScrolledFarDown() {
        var state = PickerState(rows: PickerSamples.rows() + PickerSamples.many(300))
        let pageSize = PickerView(state: state, width: 90, height: 20).layout.listRows
        // End (the last kernel thread), then back up a page and a bit, as a user would.
        for key in [Key.end, .pageUp, .up, .up] { _ = state.handle(key, pageSize: pageSize) }
        let view = PickerView(state: state, width: 90, height: 20)
        let screen = view.render()
        // The highlight is a role, invisible in text: name the row that has it.
        let selectedY = (0..<screen.height).filter { y in (0..<screen.width).allSatisfy { screen[$0, y].role == .selection } }
        let text = screen.text() + "\n== selected pid \(state.selectedPid ?? 0) on screen rows \(selectedY)"
        SnapshotFile.check(text, named: "picker-scrolled-90x20")
    }

    @Test func narrowScreenDropsColumns() {
        var state = PickerSamples.state(selecting: 3190)
        state.sort(by: .rss, ascending: false)
        SnapshotFile.check(Self.render(state, 48, 14), named: "picker-narrow-48x14")
    }

    @Test func tinyScreens() {
        var out: [String] = []
        for (width, height) in [(30, 5), (24, 3), (12, 2), (8, 1)] {
            out.append("== \(width)x\(height)")
            out.append(Self.render(PickerSamples.state(selecting: 1203), width, height))
        }
        SnapshotFile.check(out.joined(separator: "\n"), named: "picker-tiny")
    }

    @Test func helpOverTheList() {
        var state = PickerSamples.state()
        _ = state.handle(.function(1), pageSize: 10)
        SnapshotFile.check(Self.render(state, 100, 30), named: "picker-help-100x30")
    }

    @Test func refusalAndEmptyFilterResult() {
        var state = PickerSamples.state(selecting: 2210)
        _ = state.handle(.enter, pageSize: 10)
        var out = [Self.render(state, 100, 8)]
        for character in "nosuchthing" { _ = state.handle(.character(character), pageSize: 10) }
        out.append(Self.render(state, 100, 8))
        SnapshotFile.check(out.joined(separator: "\n== filtered to nothing\n"), named: "picker-refused-and-no-match-100x8")
    }
}

/// Spells the roles of a picker row as letters.
enum PickerRoleText {
    static func letter(_ role: ThemeRole) -> Character {
        switch role {
        case .dim: "d"
        case .selection: "s"
        case .header: "h"
        case .headerValue: "H"
        case .title: "t"
        case .normal: "n"
        case .footer: "f"
        case .footerKey: "k"
        case .warning: "w"
        default: "?"
        }
    }

    /// Blanks in `.normal` show as spaces, so the letters mark what was drawn.
    static func line(_ screen: Screen, y: Int) -> String {
        var text = String((0..<screen.width).map { x -> Character in
            let cell = screen[x, y]
            return cell.role == .normal && cell.character == " " && !cell.reverse ? " " : letter(cell.role)
        })
        while text.last == " " { text.removeLast() }
        return text
    }
}
