@testable import VMScopeCore

/// A hand-driven clock for the engine (CLOCK_MONOTONIC nanoseconds in the real one).
final class FakeClock {
    var now: UInt64 = 1_000_000_000
    func advance(_ nanoseconds: UInt64) { now += nanoseconds }
}

/// An event source whose records are scripted: each is delivered by the first `drain()` at or
/// after its delivery time, like records sitting in a ring buffer until read.
final class ScriptedSource: EventSource {
    let name = "scripted"
    let capabilities: EventSourceCapabilities
    var pollDescriptor: Int32? { nil }
    var lostRecords: UInt64 = 0
    var followChildren = false
    private let clock: FakeClock
    private var script: [(deliverAt: UInt64, event: MemoryEvent)] = []
    private(set) var watched: [Int32: Bool] = [:]   // pid -> awaitingExec
    private(set) var unwatched: [Int32] = []
    /// For sources without `.eachCall`: the diff events `changes(upTo:)` returns per call.
    var changeScript: [[MemoryEvent]] = []
    /// At most this many records per drain, like the probe's budget per consume.
    var drainLimit = Int.max

    init(clock: FakeClock, capabilities: EventSourceCapabilities = [.eachCall, .processEvents, .followsChildren, .faults, .kernelLayouts]) {
        self.clock = clock
        self.capabilities = capabilities
    }

    /// `event` will be delivered `delay` after its own timestamp.
    func emit(_ event: MemoryEvent, delay: UInt64 = 0) {
        script.append((event.timestamp + delay, event))
    }

    func watch(pid: Int32, awaitingExec: Bool) throws { watched[pid] = awaitingExec }
    func unwatch(pid: Int32) { watched[pid] = nil; unwatched.append(pid) }

    func drain() throws -> [MemoryEvent] {
        var ready: [MemoryEvent] = []
        script.removeAll { item in
            guard item.deliverAt <= clock.now, ready.count < drainLimit else { return false }
            ready.append(item.event)
            return true
        }
        return ready
    }

    func changes(upTo snapshot: AddressSpaceSnapshot) -> [MemoryEvent] {
        changeScript.isEmpty ? [] : changeScript.removeFirst()
    }

    /// Records were ready but left for the next drain (`drainLimit`).
    var hasBacklog: Bool { script.contains { $0.deliverAt <= clock.now } }
}

/// A scripted /proc: per pid, the layouts successive reads return, each read taking `readTime`.
final class ScriptedProcTable: ProcessReading {
    struct Process {
        var identity: ProcessIdentity
        var reads: [[Region]]
        var running = true
        var denied = false
    }
    var processes: [Int32: Process] = [:]
    var children: [Int32: [Int32]] = [:]
    let clock: FakeClock
    var readTime: UInt64 = 1_000_000
    private(set) var readCount: [Int32: Int] = [:]

    init(clock: FakeClock) { self.clock = clock }

    func add(_ pid: Int32, command: String = "prog", startTicks: UInt64 = 100, reads: [[Region]]) {
        processes[pid] = Process(identity: ProcessIdentity(pid: pid, command: command, startTimeTicks: startTicks,
                                                           executablePath: "/usr/bin/prog"),
                                 reads: reads)
    }

    func snapshot(pid: Int32) throws -> AddressSpaceSnapshot {
        let start = clock.now
        clock.advance(readTime)   // a read takes time, even one that fails
        guard let process = processes[pid], process.running else { throw ProcReadError.noSuchProcess(pid: pid) }
        if process.denied { throw ProcReadError.permissionDenied(pid: pid, path: "/proc/\(pid)/maps") }
        readCount[pid, default: 0] += 1
        let regions = process.reads.count > 1 ? processes[pid]!.reads.removeFirst() : process.reads.first ?? []
        return AddressSpaceSnapshot(timestamp: start, readEnd: clock.now, pid: pid, regions: regions,
                                    identity: process.identity)
    }

    func identity(pid: Int32) throws -> ProcessIdentity {
        guard let process = processes[pid], process.running else { throw ProcReadError.noSuchProcess(pid: pid) }
        return process.identity
    }

    func isRunning(pid: Int32) -> Bool { processes[pid]?.running ?? false }

    func noAddressSpace(pid: Int32) -> NoAddressSpace? { nil }

    func descendants(of pids: Set<Int32>) -> [Int32] {
        pids.sorted().flatMap { children[$0] ?? [] }
    }
}

extension Array where Element == MonitorUpdate {
    var snapshots: [(pid: Int32, reconciled: ReconciledSnapshot)] {
        compactMap { if case .snapshot(let process, let reconciled) = $0 { (process.pid, reconciled) } else { nil } }
    }
    var joinedPids: [Int32] {
        compactMap { if case .joined(let process) = $0 { process.pid } else { nil } }
    }
    var endings: [(pid: Int32, ending: ProcessEnding)] {
        compactMap { if case .ended(let process) = $0 { (process.pid, process.ending!) } else { nil } }
    }
    var events: [MemoryEvent] {
        var all: [MemoryEvent] = []
        for update in self { if case .events(_, let events) = update { all += events } }
        return all
    }
}
