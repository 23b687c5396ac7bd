import Testing
@testable import VMScopeCore

/// `vmscope diff`'s policy on a scripted, recorded session (`RecordingFixture`): the layout at
/// each moment, the events between them, each process, and `-p`.
@Suite struct RecordingDiffTests {
    typealias R = RecordingFixture

    /// When the recorded anonymous mmap at the fixture's slot happened, on the player's clock.
    static func mmapTime(_ player: RecordingPlayer) -> UInt64? {
        player.rewind()
        for case .events(_, let events) in player.advance(to: player.endTime) {
            for event in events {
                if case .mmap(R.slot, _, _, _, _, _, _) = event.kind { return event.timestamp }
            }
        }
        return nil
    }

    @Test func anMmapBetweenTheMomentsIsAddedWithItsStack() throws {
        let fixture = try RecordingFixture()
        let player = try RecordingPlayer(path: fixture.path)
        let time = try #require(Self.mmapTime(player))
        let diffs = try RecordingDiff.diffs(player, from: time - 1, to: time, pid: R.pid)
        #expect(diffs.count == 1)
        let diff = try #require(diffs.first).diff
        #expect(diff.eventCount == 1)
        let change = try #require(diff.changes.first { $0.range.lowerBound == R.slot })
        #expect(change.kinds == .added)
        #expect(change.sizeDelta == 0x3000)
        #expect(change.events.count == 1)
        let stack = try #require(change.events.first?.stack)
        #expect(StackFrameLabel.label(for: stack) == SafeText.escape("grow\u{1b}[31m") + "+0x4 (cmd)")
        #expect(diff.changes.count == 1, "nothing else changed in that nanosecond")
    }

    @Test func startToEndCoversEveryProcessWithTheLossHeardByEach() throws {
        let fixture = try RecordingFixture()
        let player = try RecordingPlayer(path: fixture.path)
        let diffs = try RecordingDiff.diffs(player, from: player.startTime, to: player.endTime)
        #expect(Set(diffs.map(\.pid)) == [R.pid, 7])
        let command = try #require(diffs.first { $0.pid == R.pid })
        #expect(command.name == "cmd")
        #expect(command.diff.lostRecords == 5)
        #expect(command.diff.execs == 1)
        // The region only the snapshot showed: added, and no event explains it.
        let unexplained = try #require(command.diff.changes.first { $0.range.lowerBound == 0x7f00_0900_0000 })
        #expect(unexplained.kinds == .added)
        #expect(unexplained.events.isEmpty)
        // The heap the brk grew is there, its brk listed.
        let heap = try #require(command.diff.changes.first { $0.regionKind == .heap })
        #expect(heap.events.contains { if case .brk = $0.kind { true } else { false } })
        // The second process joined between the moments: everything it has is added.
        let other = try #require(diffs.first { $0.pid == 7 })
        #expect(!other.diff.changes.isEmpty && other.diff.changes.allSatisfy { $0.kinds == .added })
    }

    @Test func theSameMomentTwiceChangesNothing() throws {
        let fixture = try RecordingFixture()
        let player = try RecordingPlayer(path: fixture.path)
        let time = try #require(Self.mmapTime(player))
        let diffs = try RecordingDiff.diffs(player, from: time, to: time, pid: R.pid)
        #expect(diffs.first?.diff.isEmpty == true)
        #expect(diffs.first?.diff.eventCount == 0)
    }

    @Test func aPidTheRecordingLacksIsOneLine() throws {
        let fixture = try RecordingFixture()
        let player = try RecordingPlayer(path: fixture.path)
        #expect(throws: RecordingDiff.Failure.self) {
            try RecordingDiff.diffs(player, from: player.startTime, to: player.endTime, pid: 99)
        }
    }
}
