import Testing
@testable import VMScopeTUI

@Suite struct KeyBindingsTests {
    @Test func everyActionHasAKeyAndNoKeyIsBoundTwice() {
        for action in Action.allCases {
            #expect(KeyBindings.all.contains { $0.action == action }, "\(action) has no key")
        }
        var seen: Set<Key> = []
        for binding in KeyBindings.all {
            for key in binding.keys {
                #expect(!seen.contains(key), "\(key) bound twice")
                seen.insert(key)
            }
        }
    }

    @Test func issueKeysDoWhatTheySay() {
        #expect(KeyBindings.action(for: .character("q")) == .quit)
        #expect(KeyBindings.action(for: .character("?")) == .toggleHelp)
        #expect(KeyBindings.action(for: .character(" ")) == .togglePause)
        #expect(KeyBindings.action(for: .character("s")) == .cycleScale)
        #expect(KeyBindings.action(for: .tab) == .nextPanel)
        #expect(KeyBindings.action(for: .pageDown) == .pageDown)
        #expect(KeyBindings.action(for: .home) == .home)
        #expect(KeyBindings.action(for: .enter) == .jumpToSelection)
        #expect(KeyBindings.action(for: .character("p")) == .openPicker)
        #expect(KeyBindings.action(for: .character("]")) == .nextProcess)
        #expect(KeyBindings.action(for: .character("[")) == .previousProcess)
        #expect(KeyBindings.action(for: .character("F")) == .toggleFollowChildren)
        #expect(KeyBindings.action(for: .character("z")) == nil)
    }

    @Test func helpListsEveryActionThroughItsRows() {
        let text = LiveView.render({ var s = SampleStates.demo(); s.showHelp = true; return s }(), width: 120, height: 40).text()
        for binding in KeyBindings.helpRows { #expect(text.contains(binding.help), "\(binding.action) missing from help") }
    }

    @Test func footerShowsQuitAndHelpEvenAtTheMinimumWidth() {
        let screen = LiveView.render(SampleStates.demo(), width: 60, height: 16)
        let footer = screen.text().split(separator: "\n", omittingEmptySubsequences: false).last!
        #expect(footer.contains("q Quit") && footer.contains("? Help"))
        #expect(screen[1, 15].role == .footerKey)
    }
}
