import Foundation
import Glibc
import Testing

/// `trace --record` then `trace --replay` against the real kernel: the replay prints what the
/// live trace printed, byte for byte (JSON, with fault samples, and the table). Skipped, with the
/// reason, where eBPF cannot be loaded.
@Suite("recording round trip", .serialized,
       .enabled(if: KernelSupport.bpfAvailable, Comment(rawValue: KernelSupport.bpfMissingReason ?? "")))
struct RecordingReplayTests {
    static func roundTrip(_ format: [String], workload: [String]) throws {
        let scratch = try RecordingScratch()
        let live = try scratch.vmscope(["trace", "--record", scratch.path("f.vmrec")] + format
                                       + ["-o", scratch.path("live.out"), "--", BuiltProducts.workload.path] + workload)
        #expect(live.status == 0, "\(live.standardError)")
        let replay = try scratch.vmscope(["trace", "--replay", scratch.path("f.vmrec")] + format)
        #expect(replay.status == 0 && replay.standardError.isEmpty, "\(replay.standardError)")
        let expected = String(decoding: scratch.bytes("live.out"), as: UTF8.self)
        #expect(expected.contains("exit"), "the live trace ran to the command's exit")
        #expect(replay.standardOutput == expected)
        // -o writes the same as stdout.
        let toFile = try scratch.vmscope(["trace", "--replay", scratch.path("f.vmrec"), "-o", scratch.path("replay.out")] + format)
        #expect(toFile.status == 0 && scratch.bytes("replay.out") == scratch.bytes("live.out"))
    }

    @Test func jsonReplayIsTheLiveJSON() throws {
        try Self.roundTrip(["--json"], workload: ["random", "1001", "3000"])
    }

    @Test func jsonWithFaultSamplesReplaysTheSame() throws {
        try Self.roundTrip(["--json", "--fault-samples"], workload: ["storm", "2000"])
    }

    @Test func tableReplayIsTheLiveTable() throws {
        try Self.roundTrip([], workload: ["random", "1002", "3000"])
    }

    @Test func aRecordingKilledMidWriteReplaysUpToItsLastRecord() throws {
        let scratch = try RecordingScratch()
        let workload = try SpawnedProcess(BuiltProducts.workload, ["storm", "400000"], outputDirectory: scratch.directory, name: "storm")
        defer { workload.signal(SIGKILL); _ = workload.wait(timeout: .seconds(10)) }
        let trace = try SpawnedProcess(BuiltProducts.vmscope,
                                       ["trace", "--record", scratch.path("k.vmrec"), "-o", "/dev/null", "-p", "\(workload.pid)"],
                                       outputDirectory: scratch.directory, name: "vmscope")
        // Killed once it has written well past its header, in the middle of the storm.
        let deadline = ContinuousClock.now + .seconds(60)
        while scratch.bytes("k.vmrec").count < 200_000, ContinuousClock.now < deadline { usleep(20_000) }
        trace.signal(SIGKILL)
        #expect(trace.wait(timeout: .seconds(10)) == 128 + SIGKILL)
        let replay = try scratch.vmscope(["trace", "--replay", scratch.path("k.vmrec")])
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(replay.standardOutput.contains("mmap"))
        let warnings = replay.standardError.split(separator: "\n")
        #expect(warnings.allSatisfy { $0.contains(": byte ") && $0.contains("truncated") }, "\(replay.standardError)")
    }
}

/// The command line's handling of recordings it cannot write or read: one line naming the file
/// (and the byte offset), the documented exit status. Recordings are made with --no-bpf, so
/// these run without eBPF too.
@Suite("recording errors", .serialized)
struct RecordingErrorTests {
    /// A small recording of a real command, by /proc polling.
    static func recording(in scratch: RecordingScratch) throws -> [UInt8] {
        let run = try scratch.vmscope(["trace", "--no-bpf", "--interval", "10", "--record", scratch.path("f.vmrec"),
                                       "-o", scratch.path("live.out"), "--", BuiltProducts.workload.path, "random", "7", "300"])
        #expect(run.status == 0, "\(run.standardError)")
        return scratch.bytes("f.vmrec")
    }

    @Test func aDirectoryOrUnwritablePathIsRefusedInOneLine() throws {
        let scratch = try RecordingScratch()
        let directory = try scratch.vmscope(["trace", "--record", scratch.directory.path, "--", "/bin/true"])
        #expect(directory.status == 1)
        #expect(directory.standardError.split(separator: "\n").count == 1)
        #expect(directory.standardError.contains("is a directory"), "\(directory.standardError)")
        let missing = try scratch.vmscope(["trace", "--record", scratch.path("no/such/dir/f.vmrec"), "--", "/bin/true"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("cannot create") && missing.standardError.split(separator: "\n").count == 1,
                "\(missing.standardError)")
    }

    @Test func replayTakesNoTarget() throws {
        let scratch = try RecordingScratch()
        let run = try scratch.vmscope(["trace", "--replay", scratch.path("f.vmrec"), "-p", "1"])
        #expect(run.status != 0)
        // One line says what is wrong; the usage follows, as after every misuse of the options.
        #expect(run.standardError.split(separator: "\n").first == "Error: --replay plays a recording: give no -p, --follow or -- CMD with it",
                "\(run.standardError)")
    }

    @Test func aFileWithPermissionsItWasCreatedWith() throws {
        let scratch = try RecordingScratch()
        _ = try Self.recording(in: scratch)
        var info = stat()
        #expect(stat(scratch.path("f.vmrec"), &info) == 0)
        #expect(info.st_mode & 0o777 == 0o644 & ~Self.umask)
    }

    static var umask: mode_t {
        let current = Glibc.umask(0)
        Glibc.umask(current)
        return current
    }

    @Test func aTruncatedRecordingReplaysItsPrefixWithAWarningAndExitsZero() throws {
        let scratch = try RecordingScratch()
        let bytes = try Self.recording(in: scratch)
        scratch.write(Array(bytes[0..<(bytes.count / 2)]), to: "cut.vmrec")
        let run = try scratch.vmscope(["trace", "--replay", scratch.path("cut.vmrec")])
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("# vmscope trace"))
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count <= 1)
        if let line = lines.first {
            #expect(line.contains("cut.vmrec: byte ") && line.hasSuffix("truncated (the last record is incomplete); replayed up to there"))
        }
    }

    @Test func aCorruptRecordingPrintsWhatCameBeforeThenTheErrorAndExitsOne() throws {
        let scratch = try RecordingScratch()
        var bytes = try Self.recording(in: scratch)
        let position = bytes.count * 3 / 4
        bytes[position] ^= 0xFF
        scratch.write(bytes, to: "bad.vmrec")
        let run = try scratch.vmscope(["trace", "--replay", scratch.path("bad.vmrec")])
        let lines = run.standardError.split(separator: "\n")
        if run.status == 0 {
            // The flipped byte was a length pointing past the end: a torn record as far as anyone can tell.
            #expect(lines.count == 1 && lines[0].contains("truncated"), "\(run.standardError)")
        } else {
            #expect(run.status == 1)
            #expect(lines.count == 1 && lines[0].contains("bad.vmrec: byte ") && lines[0].contains("corrupt"), "\(run.standardError)")
            #expect(run.standardOutput.hasPrefix("# vmscope trace"))
        }
    }

    @Test func aFileThatIsNoRecordingIsOneLine() throws {
        let scratch = try RecordingScratch()
        scratch.write(Array("not a recording\n".utf8), to: "text.txt")
        let run = try scratch.vmscope(["trace", "--replay", scratch.path("text.txt")])
        #expect(run.status == 1)
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(run.standardError.contains("text.txt: byte 0: not a vmscope recording"), "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
    }
}
