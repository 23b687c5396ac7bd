import Foundation
@testable import VMScopeCore

/// A scripted monitoring session (launched command: exec with its kernel layout, calls with
/// stacks, fault buckets, a lost report, an unexplained change, a second process, exit) run
/// through the engine, recorded, and written by both trace writers as it went. The round-trip
/// tests replay the recording and compare. (This file holds no tests itself.)
final class RecordingFixture {
    typealias F = TimelineFixture
    static let pid: Int32 = 42
    static let ms: UInt64 = 1_000_000
    static let slot: UInt64 = 0x7f00_0005_0000

    let directory: String
    let path: String
    let clock = FakeClock()
    let source: ScriptedSource
    let table: ScriptedProcTable
    let monitor: ProcessMonitor
    /// Every process that joined, in order, and the live trace texts.
    private(set) var processes: [MonitoredProcess] = []
    private(set) var human = ""
    private(set) var json = ""
    private(set) var ticks = 0
    private let recorded: ([MonitorUpdate]) -> [MonitorUpdate]

    /// `recorded`: what the recording gets of each tick's updates (the tests of divergence
    /// record something other than what happened).
    init(header: (UInt64) -> RecordingHeader = { RecordingHeader.current(monotonicStart: $0) },
         recorded: @escaping ([MonitorUpdate]) -> [MonitorUpdate] = { $0 }) throws {
        self.recorded = recorded
        directory = NSTemporaryDirectory() + "vmscope-recording-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/session.vmrec"
        source = ScriptedSource(clock: clock)
        table = ScriptedProcTable(clock: clock)
        monitor = ProcessMonitor(source: source, reader: table, interval: 500 * Self.ms, drainPeriod: 50 * Self.ms,
                                 clock: { [clock] in clock.now })
        try record(header: header(clock.now))
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var bytes: [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

    static func event(_ at: UInt64, _ kind: MemoryEventKind, pid: Int32 = pid, stack: UserStack? = nil,
                      gapSearches: [GapSearch] = []) -> MemoryEvent {
        MemoryEvent(timestamp: at, tgid: pid, tid: pid + 1, kind: kind, abi: .x86_64, gapSearches: gapSearches, stack: stack)
    }

    private func record(header: RecordingHeader) throws {
        let writer = try RecordingWriter(path: path, header: header)
        let humanPath = directory + "/live.txt", jsonPath = directory + "/live.json"
        let humanOut = try LineOutput(creating: humanPath), jsonOut = try LineOutput(creating: jsonPath)
        let writers: [TraceWriter] = [HumanTraceWriter(output: humanOut),
                                      JSONTraceWriter(output: jsonOut, includeFaultSamples: true)]
        let start = TraceStart(command: ["cmd", "--storm"], pids: [Self.pid], source: "scripted", note: nil,
                               followChildren: false, time: clock.now)
        writer.append(start)
        for trace in writers { trace.begin(start) }
        func tick() throws {
            let updates = try monitor.tick()
            for case .joined(let process) in updates { processes.append(process) }
            writer.append(recorded(updates), lostTotal: source.lostRecords, time: clock.now)
            for trace in writers { trace.write(updates, lostTotal: source.lostRecords) }
            ticks += 1
        }
        func run(for duration: UInt64, step: UInt64 = 10 * Self.ms) throws {
            let until = clock.now + duration
            while clock.now < until { clock.advance(min(step, until - clock.now)); try tick() }
        }

        var status: Int32?
        let launched = try monitor.watchLaunched(pid: Self.pid, reap: { status })
        monitor.launchReleased(launched)
        try tick()
        let image = [F.file(0x55_0000_0000, 0x55_0000_1000, "r--p", "/usr/bin/cmd", inode: 30),
                     F.file(0x55_0000_1000, 0x55_0000_3000, "r-xp", "/usr/bin/cmd", offset: 0x1000, inode: 30),
                     F.heap(0x55_0001_0000, 0x55_0003_1000),
                     F.file(0x7f00_0010_0000, 0x7f00_0010_4000, "r-xp", "/usr/lib/libc.so.6", inode: 20),
                     F.stack(0x7ffe_0000_0000, 0x7ffe_0002_1000)]
        var t = clock.now + 1
        source.emit(Self.event(t, .execStarted))
        source.emit(Self.event(t + 100, .exec(filename: "/usr/bin/cmd")))
        source.emit(Self.event(t + 100, .layout(KernelLayout(moment: .exec, regions: image, isComplete: true))))
        let stack = UserStack(addresses: [0x55_0000_1234, 0x7f00_0010_0100],
                              frames: [StackFrame(address: 0x55_0000_1234, module: "/usr/bin/cmd", moduleOffset: 0x1234,
                                                  symbol: "grow\u{1b}[31m", symbolOffset: 4, buildID: "abcdef"),
                                       StackFrame(address: 0x7f00_0010_0100, module: "/usr/lib/libc.so.6", moduleOffset: 0x100)],
                              truncated: true, callerMayBeSkipped: true)
        let anon = MemoryEventKind.mmap(address: Self.slot, length: 0x3000, protection: F.rw, flags: F.anonRW,
                                        fd: -1, offset: 0, file: nil)
        let mapped = MemoryEventKind.mmap(address: 0x7f00_0020_0000, length: 0x2000, protection: .read, flags: .private,
                                          fd: 3, offset: 0x1000, file: MappedFile(path: "/data/ta\tble", device: 2049, inode: 77))
        let window: Range<UInt64> = 0x1000..<0x7f00_0100_0000
        source.emit(Self.event(t + 200, anon, stack: stack,
                               gapSearches: [GapSearch(length: 0x3000, window: window, direction: .topDown, result: Self.slot)]))
        source.emit(Self.event(t + 300, mapped, stack: stack))
        source.emit(Self.event(t + 400, .brk(oldBreak: 0x55_0003_1000, newBreak: 0x55_0004_1000, requested: 0x55_0004_0800)))
        for bucket in 0..<40 as Range<UInt64> {
            source.emit(Self.event(t + 500 + bucket, .faultCounts(bucketAddress: 0x55_0001_0000 + bucket * 0x10000, bucketSize: 0x10000, count: bucket + 1)))
        }
        source.emit(Self.event(t + 450, .failed(syscall: .brk, errno: 12, address: 0x7f00_0010_2000, length: 0)))
        source.emit(Self.event(t + 600, .pageFault(address: 0x55_0001_0008, errorCode: 6)))
        source.emit(Self.event(t + 700, .failed(syscall: .mmap, errno: 12, address: 0, length: 1 << 40),
                               gapSearches: [GapSearch(length: 1 << 40, window: window, alignMask: 0xfff, direction: .topDown, result: nil),
                                             GapSearch(length: 1 << 40, window: 0x1000..<0x7fff_0000_0000, direction: .bottomUp, result: nil)]))
        source.emit(Self.event(t + 800, .mprotect(address: Self.slot, length: 0x1000, protection: .read)))
        source.emit(Self.event(t + 900, .munmap(address: 0x7f00_0020_0000, length: 0x2000), stack: stack))
        try run(for: 100 * Self.ms)

        // Predicted by the events, plus one region nothing explains.
        var predicted = F.applying([anon, .mprotect(address: Self.slot, length: 0x1000, protection: .read),
                                    .brk(oldBreak: 0x55_0003_1000, newBreak: 0x55_0004_1000, requested: 0)], to: image)
        predicted.append(F.anon(0x7f00_0900_0000, 0x7f00_0900_4000))
        predicted.sort { $0.start < $1.start }
        table.add(Self.pid, command: "cmd", reads: [predicted])
        try run(for: 600 * Self.ms, step: 50 * Self.ms)

        // A second process, attached; then a loss every timeline hears.
        table.add(7, command: "other", reads: [F.program])
        _ = try monitor.watch(pid: 7)
        try tick()
        source.lostRecords = 5
        t = clock.now + 1
        source.emit(MemoryEvent(timestamp: t, tgid: 0, tid: 0, kind: .lost(count: 5)))
        source.emit(Self.event(t + 10, .munmap(address: Self.slot, length: 0x1000)))
        try run(for: 700 * Self.ms, step: 50 * Self.ms)

        // The command exits with its kernel exit layout; the other is unwatched.
        t = clock.now + 1
        source.emit(Self.event(t, .layout(KernelLayout(moment: .exit, regions: predicted, isComplete: true))))
        source.emit(Self.event(t + 1, .exit(status: 3 << 8)))
        status = 3 << 8
        try run(for: 50 * Self.ms)
        if let other = processes.first(where: { $0.pid == 7 }) { monitor.unwatch(other) }
        try tick()
        for trace in writers { trace.finish() }
        writer.flush()
        human = (try? String(contentsOfFile: humanPath, encoding: .utf8)) ?? ""
        json = (try? String(contentsOfFile: jsonPath, encoding: .utf8)) ?? ""
    }

    /// Streams the recording through both writers (`RecordingPlayer.play(path:to:)`, what
    /// `trace --replay` does); returns (human, json) and the outcome's warnings.
    func stream() throws -> (human: String, json: String, warnings: [String]) {
        let humanPath = directory + "/stream-\(UUID().uuidString).txt", jsonPath = directory + "/stream-\(UUID().uuidString).json"
        let human = HumanTraceWriter(output: try LineOutput(creating: humanPath))
        let json = JSONTraceWriter(output: try LineOutput(creating: jsonPath), includeFaultSamples: true)
        let first = try RecordingPlayer.play(path: path, to: human)
        let second = try RecordingPlayer.play(path: path, to: json)
        return ((try? String(contentsOfFile: humanPath, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: jsonPath, encoding: .utf8)) ?? "",
                first.warnings + second.warnings + [first.error, second.error].compactMap { $0?.description })
    }

    /// Replays `player` through both writers (`play(to:)`, as `trace --replay` does, each from
    /// the start); returns (human, json).
    func replay(_ player: RecordingPlayer) throws -> (human: String, json: String) {
        let humanPath = directory + "/replay-\(UUID().uuidString).txt", jsonPath = directory + "/replay-\(UUID().uuidString).json"
        let writers: [TraceWriter] = [HumanTraceWriter(output: try LineOutput(creating: humanPath)),
                                      JSONTraceWriter(output: try LineOutput(creating: jsonPath), includeFaultSamples: true)]
        for trace in writers { player.play(to: trace) }
        return ((try? String(contentsOfFile: humanPath, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: jsonPath, encoding: .utf8)) ?? "")
    }
}
