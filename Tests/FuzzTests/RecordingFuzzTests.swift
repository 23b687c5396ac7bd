import Foundation
import Testing
@testable import VMScopeCore

/// Recordings come from files anyone can hand over: every byte after the magic may be hostile.
/// The reader must end with an entry list, an error or a warning, never a crash, a hang or an
/// allocation larger than the file justifies; the player must replay whatever decoded.
@Suite struct RecordingFuzzTests {
    /// A small but varied recording: a join, events of most kinds with a stack and gap searches,
    /// snapshots (the second a difference from the first), a loss, details, an end.
    static let sample: [UInt8] = {
        let path = NSTemporaryDirectory() + "vmscope-fuzz-\(UUID().uuidString).vmrec"
        defer { unlink(path) }
        guard let writer = try? RecordingWriter(path: path, header: RecordingHeader(
            hostname: "fuzz", kernelRelease: "6.18", architecture: "x86_64", pageSize: 4096,
            wallClockStart: 1, monotonicStart: 1_000)) else { return [] }
        let identity = ProcessIdentity(pid: 9, command: "prog", startTimeTicks: 5, executablePath: "/bin/prog")
        let process = MonitoredProcess(pid: 9, joinReason: .forked(parent: 1), identity: identity, joinedAt: 1_000,
                                       inFlightAllowance: 10_000_000)
        let regions = [Region(start: 0x40_0000, end: 0x40_2000, permissions: Permissions("r-xp")!, pathname: "/bin/prog", kind: .text),
                       Region(start: 0x7fff_0000_0000, end: 0x7fff_0002_1000, permissions: Permissions("rw-p")!, pathname: "[stack]", kind: .stack)]
        let stack = UserStack(addresses: [0x40_0100, 0x40_0200], frames: [StackFrame(address: 0x40_0100, module: "/bin/prog", symbol: "f")])
        let events: [MemoryEvent] = [
            MemoryEvent(timestamp: 2_000, tgid: 9, tid: 9, kind: .mmap(address: 0x7f00_0000_0000, length: 0x3000, protection: [.read, .write],
                                                                          flags: [.private, .anonymous], fd: -1, offset: 0, file: nil),
                        abi: .x86_64, gapSearches: [GapSearch(length: 0x3000, window: 0x1000..<0x7f00_1000_0000, direction: .topDown, result: 0x7f00_0000_0000)],
                        stack: stack),
            MemoryEvent(timestamp: 2_100, tgid: 9, tid: 10, kind: .brk(oldBreak: 0x60_0000, newBreak: 0x62_1000, requested: 0x62_1000)),
            MemoryEvent(timestamp: 2_200, tgid: 9, tid: 9, kind: .faultCounts(bucketAddress: 0x7f00_0000_0000, bucketSize: 0x10000, count: 3)),
            MemoryEvent(timestamp: 2_300, tgid: 9, tid: 9, kind: .failed(syscall: .munmap, errno: 22, address: 1, length: 7)),
            MemoryEvent(timestamp: 2_400, tgid: 9, tid: 9, kind: .exec(filename: "/bin/other")),
            MemoryEvent(timestamp: 2_500, tgid: 9, tid: 9, kind: .layout(KernelLayout(moment: .exec, regions: regions, isComplete: true))),
        ]
        let first = AddressSpaceSnapshot(timestamp: 1_500, readEnd: 1_600, pid: 9, regions: regions, identity: identity)
        var second = first
        second.timestamp = 3_000
        second.readEnd = 3_100
        second.regions.insert(Region(start: 0x7f00_0000_0000, end: 0x7f00_0000_3000, permissions: Permissions("rw-p")!), at: 1)
        let report = ReconcileReport(previousSnapshotTimestamp: nil, snapshotTimestamp: 1_500, eventsApplied: 0, lateEventsIgnored: 0,
                                     lostSinceLastSnapshot: 0, execSinceLastSnapshot: false, unexplained: [], expected: [])
        writer.append(TraceStart(command: ["prog"], pids: [9], source: "eBPF", note: "n", followChildren: true, time: 1_000))
        writer.append([.joined(process), .snapshot(process, ReconciledSnapshot(snapshot: first, report: report, regionsChanged: true))],
                      lostTotal: 0, time: 1_700)
        writer.append([.events(process, events), .lost(MemoryEvent(timestamp: 2_600, tgid: 0, tid: 0, kind: .lost(count: 4))),
                       .snapshot(process, ReconciledSnapshot(snapshot: second, report: report, regionsChanged: true))],
                      lostTotal: 4, time: 3_200)
        var table = ResidencyTable()
        table.add(start: 0x40_0000, end: 0x40_2000, RegionResidency(resident: 8192))
        writer.append(details: .residency(table), of: process, at: 3_300)
        writer.append(details: .limits(SpaceLimits(addressSpace: 1 << 40, maxMapCount: 65530)), of: process, at: 3_300)
        process.ending = .exited(status: 0)
        process.endedAt = 4_000
        writer.append([.ended(process)], lostTotal: 4, time: 4_000)
        writer.flush()
        return Array(FileManager.default.contents(atPath: path) ?? Data())
    }()

    static let target = FuzzTarget(
        name: "recording",
        seeds: [sample] + FuzzCorpus.seeds("recording") + FuzzCorpus.regressions("recording"),
        generate: { random in
            // The sample's header, then records framed with good checksums over random payloads:
            // reaches the payload decoders a mutated checksum would stop in front of.
            var bytes = Array(sample.prefix(headerLength))
            for _ in 0..<random.below(6) {
                let types: [UInt8] = [0x02, 0x03, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x4F, 0x20]
                let type = types[random.below(types.count)]
                let body = [type] + (0..<random.below(48)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                var frame = RecordingBytes()
                frame.varint(body.count)
                frame.bytes += body
                frame.fixed32(CRC32C.checksum(body[...]))
                bytes += frame.bytes
            }
            return bytes
        },
        maxLength: 16 * 1024,
        check: { input in
            play(input)
            // A mutated byte mostly fails its record's checksum; with the checksums made good
            // again the same mutation reaches the payload decoders and the player.
            play(withGoodChecksums(input))
        })

    static func play(_ input: [UInt8]) {
        guard let player = try? RecordingPlayer(bytes: input, path: "fuzz") else { return }
        while player.nextTick() != nil {}
        player.rewind()
        _ = player.advance(to: player.endTime / 2 &+ player.startTime / 2)
        _ = player.stepEvent()
        _ = player.advance(to: .max)
    }

    /// `bytes` with every complete frame's CRC recomputed (frames found by their lengths).
    static func withGoodChecksums(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        var offset = headerLength
        while offset < bytes.count {
            var length = 0, shift = 0, index = offset
            while index < bytes.count, shift < 35 {
                length |= Int(bytes[index] & 0x7f) << shift
                index += 1
                if bytes[index - 1] & 0x80 == 0 { break }
                shift += 7
            }
            guard length > 0, index + length + 4 <= bytes.count else { break }
            let crc = CRC32C.checksum(bytes[index..<(index + length)])
            withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((index + length)..<(index + length + 4), with: $0) }
            offset = index + length + 4
        }
        return bytes
    }

    /// Where the sample's first record after the header begins.
    static let headerLength: Int = (try? RecordingReader(bytes: sample, path: "sample").offset) ?? 0

    @Test func theSampleIsAValidRecording() throws {
        let player = try RecordingPlayer(bytes: Self.sample, path: "sample")
        #expect(player.error == nil && player.warnings.isEmpty, "\(player.warnings)")
        #expect(player.eventTimes().count == 6)
    }

    @Test func survivesMutatedAndGeneratedInput() {
        let report = Fuzzer.run(Self.target, iterations: Fuzzer.iterations(short: 3_000))
        print(report)
        #expect(report.slowest < Fuzzer.inputTimeBound)
        #expect(report.residentGrowthBytes < 256 << 20)
    }

    @Test func regressionInputsStillPass() {
        for input in FuzzCorpus.regressions("recording") { Self.target.check(input) }
    }
}
