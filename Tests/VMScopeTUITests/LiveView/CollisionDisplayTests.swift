import Testing
import VMScopeCore
@testable import VMScopeTUI

/// How the live view shows the heap and the mmap area meeting (the Timeline's `Collision` on an
/// event: a refused brk with a mapping in its way, an mmap placed below the program or the heap)
/// and madvise giving memory back.
@Suite struct CollisionDisplayTests {
    typealias Feed = ProcessViewModelFeed
    static let ceiling = Feed.heapEnd + Feed.mib

    /// A mapping placed just above the heap's top where it was asked (MAP_FIXED_NOREPLACE, as
    /// the demo does): no collision by itself.
    static func fixedMapping(at address: UInt64 = ceiling) -> MemoryEventKind {
        .mmap(address: address, length: Feed.mib, protection: [.read, .write],
              flags: [.private, .anonymous, .fixedNoReplace], fd: -1, offset: 0, file: nil)
    }

    static func refusedBrk(to requested: UInt64) -> MemoryEventKind {
        .failed(syscall: .brk, errno: 12, address: requested, length: 0)
    }

    @Test func aBrkRefusedByAMappingIsACollisionLineAndAMark() throws {
        let feed = Feed()
        feed.take([Self.fixedMapping()])
        #expect(feed.fill().collisions.isEmpty)
        feed.take([Self.refusedBrk(to: Self.ceiling + 0x8000)])
        let state = feed.fill()
        let mark = try #require(state.collisions.first)
        guard case .brkRefused(let requested, _) = mark.collision.kind else { Issue.record("\(mark)"); return }
        #expect(requested == Self.ceiling + 0x8000)
        // The ✕ goes where the heap ran into the mapping.
        #expect(mark.address == Self.ceiling)
        let line = try #require(state.events.last)
        #expect(line.category == .collision)
        #expect(line.description.label == "collision")
        #expect(line.description.detail == "brk to 0x5555556c4000 refused: mapping at 0x5555556bc000 in the way")
        // The collision line stands in for the bare FAIL line.
        #expect(!state.events.contains { $0.category == .failure })
    }

    /// Refused for another reason (RLIMIT_DATA): nothing in the way, so a plain failure.
    @Test func aBrkRefusedWithNothingInTheWayIsAPlainFailure() {
        let feed = Feed()
        feed.take([Self.refusedBrk(to: Feed.heapEnd + 0x10_0000)])
        let state = feed.fill()
        #expect(state.collisions.isEmpty)
        #expect(state.events.last?.category == .failure)
    }

    @Test func aRetriedRefusalFoldsIntoOneLineAndKeepsFewMarks() {
        let feed = Feed()
        feed.take([Self.fixedMapping()])
        for _ in 0..<20 { feed.take([Self.refusedBrk(to: Self.ceiling + 0x8000)]) }
        let state = feed.fill()
        #expect(state.events.filter { $0.category == .collision }.map(\.repeatCount) == [20])
        #expect(state.collisions.count == ProcessViewModel.collisionLimit)
    }

    @Test func marksExpire() {
        let feed = Feed()
        feed.take([Self.fixedMapping(), Self.refusedBrk(to: Self.ceiling + 0x8000)])
        feed.advance(ProcessViewModel.collisionDuration - 1_000_000)
        #expect(feed.fill().collisions.count == 1)
        feed.advance(2_000_000)
        #expect(feed.fill().collisions.isEmpty)
        // The log keeps the line.
        #expect(feed.fill().events.last?.category == .collision)
    }

    /// The mmap line stays (the call happened) and the collision line follows it.
    @Test func anMmapPlacedBelowTheProgramIsACollision() throws {
        let feed = Feed()
        feed.take([Feed.anonymousMmap(0x1000_0000, Feed.mib)])
        let state = feed.fill()
        let mark = try #require(state.collisions.first)
        #expect(mark.address == 0x1000_0000)
        #expect(state.events.suffix(2).map(\.category) == [.mmap, .collision])
        #expect(state.events.last?.description.detail == mark.collision.reason)
    }

    /// Asked for (MAP_FIXED) or above the heap, a mapping's place says nothing about room.
    @Test func fixedOrOrdinaryMmapsAreNotCollisions() {
        let feed = Feed()
        feed.take([Self.fixedMapping(at: 0x1000_0000), Feed.anonymousMmap(Feed.anonStart - Feed.mib, Feed.mib)])
        #expect(feed.fill().collisions.isEmpty)
        #expect(!feed.fill().events.contains { $0.category == .collision })
    }

    /// DONTNEED gives pages back: the bar flashes "released" there and the log says how much.
    @Test func madviseGivingMemoryBackFlashesAndSaysSo() throws {
        let feed = Feed()
        feed.take([.madvise(address: Feed.anonStart, length: 0x20000, advice: .dontNeed),
                   .madvise(address: Feed.anonStart, length: 0x20000, advice: .hugePage)])
        let state = feed.fill()
        #expect(state.flashes.filter { $0.kind == .released }.map(\.range) == [Feed.anonStart..<(Feed.anonStart + 0x20000)])
        let details = state.events.suffix(2).map(\.description.detail)
        #expect(details == ["DONTNEED gave back 128 KiB (RSS drops, no region changes)", "HUGEPAGE"])
    }
}

/// The collision's log line: its reason in full where the range and size would go.
@Suite struct CollisionLogLineTests {
    @Test func theReasonTakesTheLine() {
        var state = SampleStates.demo()
        let reason = "brk to 0x5555556c4000 refused: mapping at 0x5555556bc000 in the way"
        state.events = [EventLogEntry(timestamp: SampleStates.now, seconds: 5.954, tid: 4242, category: .collision,
                                      description: EventDescription(label: "collision", range: 0x5555_555b_c000..<0x5555_556c_5000,
                                                                    detail: reason), repeatCount: 3)]
        state.focus = .events
        let screen = LiveView.render(state, width: 240, height: 30)
        let line = screen.text().split(separator: "\n").first { $0.contains("collision") }.map(String.init) ?? ""
        #expect(line.contains("collision   ×3 " + reason), "\(line)")
        #expect(!line.contains("0x5555555bc000"), "no range column: \(line)")
    }
}
