import Foundation
import Testing
@testable import VMScopeCore

/// `trace --record`'s detail reads: at the live view's cadence and budget, into the recording
/// only, and back out of the player as of its position.
@Suite struct RecordedDetailSamplerTests {
    @Test func detailsAreReadAtTheCadenceAndReplayedAsOfThePosition() throws {
        let path = NSTemporaryDirectory() + "vmscope-details-\(UUID().uuidString).vmrec"
        defer { unlink(path) }
        var now: UInt64 = 1_000_000_000
        let writer = try RecordingWriter(path: path, header: RecordingHeader(
            hostname: "h", kernelRelease: "r", architecture: "x86_64", pageSize: 4096, wallClockStart: 0, monotonicStart: now))
        let process = MonitoredProcess(pid: 5, joinReason: .attached, identity: nil, joinedAt: now, inFlightAllowance: 0)
        var reads = 0
        let sampler = RecordedDetailSampler(clock: { now }, read: { process in
            reads += 1
            now += 10_000_000   // a costly read: 10 ms, so the next is later than the 2 s period
            var table = ResidencyTable()
            table.add(start: 0x1000, end: 0x3000, RegionResidency(resident: UInt64(reads) * 4096))
            return [.residency(table), .limits(SpaceLimits(maxMapCount: 65530 + reads))]
        })
        writer.append([.joined(process)], lostTotal: 0, time: now)
        sampler.sample([process], into: writer)
        #expect(reads == 1)
        let firstReadAt = now
        now += 2_000_000_000
        sampler.sample([process], into: writer)
        #expect(reads == 1, "10 ms every 2 s is over the 0.25 % budget: the next read waits 4 s")
        #expect(sampler.nextDue == firstReadAt + 4_000_000_000)
        now = firstReadAt + 4_000_000_000
        writer.append([], lostTotal: 0, time: now)
        sampler.sample([process], into: writer)
        #expect(reads == 2)
        writer.append([], lostTotal: 0, time: now + 1)
        writer.flush()

        let player = try RecordingPlayer(path: path)
        _ = player.advance(to: firstReadAt)
        let replayed = try #require(player.processes.first)
        #expect(player.details(of: replayed)?.residency?.residency(of: 0x1000..<0x3000)?.resident == 4096)
        _ = player.advance(to: .max)
        #expect(player.details(of: replayed)?.residency?.residency(of: 0x1000..<0x3000)?.resident == 8192)
        #expect(player.details(of: replayed)?.limits?.maxMapCount == 65532)
    }
}
