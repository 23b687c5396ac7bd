import Foundation
import Testing
@testable import VMScopeCore

@Suite("ProcessTree")
struct ProcessTreeTests {
    @Test func descendantsComeParentsFirstAndSkipOtherBranches() {
        // 1 ─┬─ 10 ─┬─ 12
        //    │      └─ 11 ── 30
        //    └─ 20 ── 21
        let tree = ProcessTree(parents: [1: 0, 10: 1, 11: 10, 12: 10, 30: 11, 20: 1, 21: 20])
        #expect(tree.descendants(of: [10]) == [11, 12, 30])
        #expect(tree.descendants(of: [20]) == [21])
        #expect(tree.descendants(of: [30]) == [])
        #expect(tree.descendants(of: [10, 20]) == [11, 12, 21, 30])
        // A root that is itself a descendant of another root is not listed again.
        #expect(tree.descendants(of: [1, 10]) == [20, 11, 12, 21, 30])
    }

    @Test func aParentCycleEndsInsteadOfLooping() {
        let tree = ProcessTree(parents: [5: 6, 6: 5])
        #expect(tree.descendants(of: [5]) == [6])
    }

    @Test func theLiveTreeHasThisProcessUnderItsParent() {
        let tree = ProcessTree.read()
        #expect(tree.parents[getpid()] == getppid())
        #expect(tree.descendants(of: [getppid()]).contains(getpid()))
    }

    @Test func aChildThisTestStartsIsFound() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["5"]
        try child.run()
        defer { child.terminate(); child.waitUntilExit() }
        #expect(ProcessTree.read().descendants(of: [getpid()]).contains(child.processIdentifier))
    }
}
