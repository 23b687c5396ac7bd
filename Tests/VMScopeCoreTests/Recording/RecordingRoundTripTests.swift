import Foundation
import Testing
@testable import VMScopeCore

/// Record → replay gives the same model and the same trace output; a recording from another
/// machine replays the same.
@Suite struct RecordingRoundTripTests {
    @Test func replayWritesTheSameTraceAsTheLiveRun() throws {
        let session = try RecordingFixture()
        #expect(session.human.contains("unexplained"), "the session has a difference nothing explains")
        #expect(session.json.contains("\"type\":\"end\""))
        let player = try RecordingPlayer(path: session.path)
        #expect(player.error == nil)
        #expect(player.warnings.isEmpty, "\(player.warnings)")
        let replayed = try session.replay(player)
        #expect(replayed.human == session.human)
        #expect(replayed.json == session.json)
        let streamed = try session.stream()
        #expect(streamed.human == session.human)
        #expect(streamed.json == session.json)
        #expect(streamed.warnings.isEmpty, "\(streamed.warnings)")
    }

    @Test func replayRebuildsTheSameModel() throws {
        let session = try RecordingFixture()
        let player = try RecordingPlayer(path: session.path)
        while player.nextTick() != nil {}
        #expect(player.processes.count == session.processes.count)
        for (replayed, live) in zip(player.processes, session.processes) {
            #expect(replayed.pid == live.pid)
            #expect(replayed.joinReason == live.joinReason)
            #expect(replayed.identity == live.identity)
            #expect(replayed.ending == live.ending)
            #expect(replayed.snapshotCount == live.snapshotCount)
            #expect(replayed.timeline.currentRegions == live.timeline.currentRegions)
            #expect(replayed.timeline.totalEvents == live.timeline.totalEvents)
            #expect(replayed.timeline.totalUnexplained == live.timeline.totalUnexplained)
            #expect(replayed.timeline.totalFaults == live.timeline.totalFaults)
            #expect(replayed.timeline.lastSnapshot == live.timeline.lastSnapshot)
        }
        #expect(player.warnings.isEmpty, "no divergence: \(player.warnings)")
    }

    @Test func eventsKeepTheirStacksCollisionsAndFiles() throws {
        let session = try RecordingFixture()
        let player = try RecordingPlayer(path: session.path)
        var replayed: [MemoryEvent] = []
        while let tick = player.nextTick() {
            for case .events(_, let events) in tick.updates { replayed += events }
        }
        let stacks = replayed.compactMap(\.stack)
        #expect(stacks.count == 3)
        #expect(stacks.first?.frames.first?.symbol == "grow\u{1b}[31m")
        #expect(stacks.first?.truncated == true)
        #expect(stacks.first?.callerMayBeSkipped == true, "the caller note depends on it: a replay must know")
        #expect(replayed.contains { if case .mmap(_, _, _, _, 3, 0x1000, let file?) = $0.kind { file.path == "/data/ta\tble" && file.inode == 77 } else { false } })
        #expect(replayed.allSatisfy { $0.tid == $0.tgid + 1 && $0.abi == .x86_64 })
        let collision = try #require(replayed.compactMap(\.collision).first, "the refused brk is judged a collision")
        #expect(collision.label == "brk-refused")
        let failedSearches = replayed.flatMap(\.gapSearches).filter(\.failed)
        #expect(failedSearches.count == 2 && failedSearches.allSatisfy { $0.freeInWindow != nil && $0.largestGapInWindow != nil })
        #expect(failedSearches.last?.direction == .bottomUp && failedSearches.first?.alignMask == 0xfff)
        #expect(replayed.flatMap(\.gapSearches).contains { $0.result == RecordingFixture.slot })
    }

    @Test func aRecordingFromAnotherMachineReplaysTheSame() throws {
        // Another host, another architecture, 16 KiB pages: lengths are stored differently.
        let session = try RecordingFixture(header: { start in
            RecordingHeader(hostname: "elsewhere", kernelRelease: "5.10.0-other", architecture: "aarch64",
                            pageSize: 16384, wallClockStart: 1_700_000_000_000_000_000, monotonicStart: start)
        })
        let player = try RecordingPlayer(path: session.path)
        #expect(player.header.hostname == "elsewhere" && player.header.architecture == "aarch64")
        #expect(player.header.pageSize == 16384 && player.header.kernelRelease == "5.10.0-other")
        let replayed = try session.replay(player)
        #expect(replayed.human == session.human)
        #expect(replayed.json == session.json)
        #expect(player.warnings.isEmpty)
        let streamed = try session.stream()
        #expect(streamed.human == session.human && streamed.json == session.json)
    }

    @Test func advanceAndStepVisitEveryEventOnceInOrder() throws {
        let session = try RecordingFixture()
        let player = try RecordingPlayer(path: session.path)
        let times = player.eventTimes()
        #expect(times == times.sorted() && !times.isEmpty)
        #expect(player.startTime <= times.first! && times.last! <= player.endTime)
        var stepped = 0
        while player.position < player.endTime || stepped == 0 {
            let updates = player.stepEvent()
            let count = updates.reduce(0) { if case .events(_, let events) = $1 { $0 + events.count } else { $0 } }
            if updates.isEmpty { break }
            #expect(count <= 1)
            stepped += count
        }
        #expect(stepped == times.count)
        let steppedRegions = player.processes.map(\.timeline.currentRegions)
        player.rewind()
        #expect(player.processes.isEmpty)
        let middle = times[times.count / 2]
        let first = player.advance(to: middle)
        #expect(player.position <= middle)
        let rest = player.advance(to: .max)
        let count = (first + rest).reduce(0) { if case .events(_, let events) = $1 { $0 + events.count } else { $0 } }
        #expect(count == times.count)
        #expect(player.processes.map(\.timeline.currentRegions) == steppedRegions)
        #expect(player.warnings.isEmpty)

        // Stepping back: rewind, then forward to one event fewer.
        player.rewind()
        _ = player.advance(toEvent: 10)
        #expect(player.eventsPlayed == 10)
        let tenth = player.processes.map(\.timeline.currentRegions)
        _ = player.stepEvent()
        #expect(player.eventsPlayed == 11)
        player.rewind()
        _ = player.advance(toEvent: player.eventsPlayed + 10)
        #expect(player.eventsPlayed == 10 && player.processes.map(\.timeline.currentRegions) == tenth)
    }

    @Test func aReplayThatFindsOtherReportsSaysWhereItDiverged() throws {
        var tampered = false
        let session = try RecordingFixture(recorded: { updates in
            updates.map { update in
                guard !tampered, case .snapshot(let process, var reconciled) = update, !reconciled.report.isInitial else { return update }
                tampered = true
                reconciled.report.unexplained.append(ReconcileDifference(start: 0x1000, end: 0x2000,
                    mismatch: .onlyPredicted(permissions: Permissions("rw-p")!, pathname: "")))
                return .snapshot(process, reconciled)
            }
        })
        #expect(tampered)
        let player = try RecordingPlayer(path: session.path)
        while player.nextTick() != nil {}
        #expect(player.warnings.count == 1)
        #expect(player.warnings.first?.contains("session.vmrec: byte ") == true)
        #expect(player.warnings.first?.contains("replay diverged: snapshot of pid 42: recorded ") == true, "\(player.warnings)")
    }

    @Test func recordingIsCompact() throws {
        let session = try RecordingFixture()
        let player = try RecordingPlayer(path: session.path)
        let events = player.eventTimes().count
        // Header, strings and snapshots dominate so small a session; still well under 100 bytes an event.
        #expect(session.bytes.count < events * 100, "\(session.bytes.count) bytes for \(events) events")
    }
}
