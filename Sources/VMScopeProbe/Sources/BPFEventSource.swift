import CProbe
import Foundation
import VMScopeCore

/// Memory events from the kernel through the eBPF probe.
///
/// Drive it from the run loop: call `drain()` every 50–100 ms, and also when `pollDescriptor`
/// becomes readable (the kernel only wakes readers when the buffer is filling up or a process
/// exited, because a wakeup per record would slow the traced program down). Events come back
/// oldest first: ring-buffer records, then the fault counts aggregated since they were last
/// taken (every `faultCountsInterval`; stamped with the drain time; those of a process that
/// exited are placed just before its exit), then a `.lost` event if anything was dropped. Events not tied to one process (`.lost`)
/// carry tgid 0.
///
/// At exec and at exit the kernel side also reads the whole address space; its per-VMA records
/// are put together here into one `.layout` event (after `.exec`, before `.exit`), stamped with
/// the exec's or exit's time. A command started with `watch(pid:awaitingExec: true)` is silent
/// until its exec except for the exec itself (start, failure, success) and its exit.
public final class BPFEventSource: EventSource {
    public let name = "eBPF"
    public let capabilities: EventSourceCapabilities = [.eachCall, .processEvents, .followsChildren, .faults,
                                                        .kernelLayouts]
    public var pollDescriptor: Int32? { program.isOpen ? program.pollDescriptor : nil }
    public private(set) var lostRecords: UInt64 = 0

    /// Whether children forked by a watched process are watched too (from their first
    /// instruction, by the kernel side, so nothing is missed). Off by default: forks are only
    /// reported.
    public var followChildren: Bool = false {
        didSet { applyConfig() }
    }

    /// Whether brk (moving the break or failing), mmap, munmap and mremap records carry the
    /// user call stack (`MemoryEvent.stack`), captured in the kernel at the call's exit. A
    /// setting of the loaded probe, read by every call: changing it takes effect at once.
    public var userStacks: Bool = true {
        didSet { applyConfig() }
    }

    public static let faultBucketSize = UInt64(1) << UInt64(VMSCOPE_FAULT_BUCKET_SHIFT)

    /// Fault counts are taken at most this often (a take waits for the kernel's RCU grace
    /// period, some milliseconds), and at once in a drain that saw an exit or after
    /// `flushCounts()`.
    static let faultCountsInterval: UInt64 = 200_000_000
    private var lastFaultCountsTake: UInt64 = 0
    private var countsWanted = false

    private let program: BPFProgram
    private let collector: Collector
    /// The watched set as userspace sees it, to drop records still queued for a process after
    /// `unwatch` and to learn children the kernel followed.
    private var watched: Set<Int32> = []
    /// Kernel layouts whose records are still arriving (they may span drains).
    private var layouts: LayoutAssembler
    /// Gap searches waiting for the record of the call they were made in, by thread (the call's
    /// record is sent at its exit, after them, possibly in the next drain).
    private var pendingSearches: [Int32: (tgid: Int32, searches: [GapSearch])] = [:]

    /// Records gathered by the ring-buffer callback during one `consume()`.
    private final class Collector {
        var decoded: [DecodedRecord] = []
    }

    /// The ring buffer's size unless asked otherwise. A storm of hundreds of thousands of
    /// calls a second fills a buffer in moments whenever vmscope's side falls behind (a slow
    /// terminal, a debug build, a busy machine); 32 MiB holds about half a million records —
    /// seconds of a storm — before anything is dropped, at the price of that much kernel memory
    /// while vmscope runs (`--ring-buffer` changes it).
    public static let defaultRingBufferBytes: UInt32 = 32 << 20

    /// Loads the probe, or says in one line why it cannot run here.
    /// `ringBufferBytes`: a power of two from 4 KiB up.
    /// `userStacks`: see `userStacks`.
    public static func open(ringBufferBytes: UInt32 = defaultRingBufferBytes,
                            userStacks: Bool = true) throws(BPFUnavailable) -> BPFEventSource {
        if let problem = diagnoseBeforeLoading() { throw problem }
        let source = try BPFEventSource(ringBufferBytes: ringBufferBytes)
        if !userStacks { source.userStacks = false }
        return source
    }

    /// What is certainly missing before even trying (privileges, BTF); nil when a load attempt
    /// is worth making.
    public static func diagnoseBeforeLoading() -> BPFUnavailable? {
        if let capabilities = EffectiveCapabilities.current(), !capabilities.canLoadTracingPrograms {
            return .notPrivileged(missing: capabilities.missingForTracing, isRoot: geteuid() == 0)
        }
        let btf = "/sys/kernel/btf/vmlinux"
        if !FileManager.default.fileExists(atPath: btf) { return .noBTF(path: btf) }
        return nil
    }

    private init(ringBufferBytes: UInt32) throws(BPFUnavailable) {
        let collector = Collector()
        self.collector = collector
        program = try BPFProgram(ringBufferBytes: ringBufferBytes) { record in
            if let decoded = RecordDecoder.decode(record) { collector.decoded.append(decoded) }
        }
        layouts = LayoutAssembler(gate: Self.ownGatePage())
        applyConfig()
    }

    /// `[vsyscall]` as vmscope's own maps list it (the same page in every 64-bit process), or nil
    /// when this kernel maps none (vsyscall=none) or maps cannot be read.
    private static func ownGatePage() -> Region? {
        guard case .success(let bytes) = ProcFileReader.read("/proc/self/maps"),
              let regions = try? MapsParser.parse(bytes: bytes) else { return nil }
        return regions.last { $0.pathname == "[vsyscall]" }
    }

    public func watch(pid: Int32, awaitingExec: Bool) throws {
        guard pid > 0, FileManager.default.fileExists(atPath: "/proc/\(pid)") else {
            throw BPFMapError.noSuchProcess(pid: pid)
        }
        try program.addWatched(pid, awaitingExec: awaitingExec)
        watched.insert(pid)
    }

    public func unwatch(pid: Int32) {
        program.removeWatched(pid)
        watched.remove(pid)
        pendingSearches = pendingSearches.filter { $0.value.tgid != pid }
        layouts.discard(pid)
    }

    /// The last drain's consume stopped at its budget (a storm's backlog).
    public var hasBacklog: Bool { program.budgetUsedUp }

    public func drain() throws -> [MemoryEvent] {
        guard program.isOpen else { return [] }
        _ = try program.consume()
        // Emptied after the loop, not copied out first: that would share the buffer and make
        // keeping its capacity allocate a fresh one on every drain.
        defer { collector.decoded.removeAll(keepingCapacity: true) }

        var events: [MemoryEvent] = []
        events.reserveCapacity(collector.decoded.count)
        var exited: [Int32: UInt64] = [:] // tgid -> exit timestamp, for this drain
        for record in collector.decoded {
            switch record {
            case .layoutRegion(let region):
                guard watched.contains(region.tgid) else { continue }
                if let stale = layouts.add(completingPath(of: region)) { events.append(stale) }
            case .layoutEnd(let end):
                guard watched.contains(end.tgid) else { continue }
                events += layouts.end(end)
            case .gapSearch(let tgid, let tid, let search):
                guard watched.contains(tgid) else { continue }
                pendingSearches[tid, default: (tgid, [])].searches.append(search)
            case .followedFork(var event), .event(var event):
                if case .followedFork = record, case .fork(let child, false) = event.kind, watched.contains(event.tgid) {
                    watched.insert(child)
                }
                guard watched.contains(event.tgid) else { continue }
                // Any other record of the process means its unfinished layout will get no more.
                if !layouts.isEmpty, let stale = layouts.flush(event.tgid) { events.append(stale) }
                if case .mmap(let address, let length, let protection, let flags, let fd, let offset, let file?) = event.kind,
                   file.isTruncated {
                    // The kernel sends dentry names cut at a few levels; the mapping's map_files
                    // link has the full path, taken only if it leads to the same file.
                    let full = MapFiles.complete(file, pid: event.tgid, start: address,
                                                 end: MapFiles.pageEnd(address: address, length: length))
                    event.kind = .mmap(address: address, length: length, protection: protection, flags: flags,
                                       fd: fd, offset: offset, file: full)
                }
                if !pendingSearches.isEmpty { attachSearches(to: &event) }
                if case .exit = event.kind {
                    watched.remove(event.tgid) // the kernel side already forgot it
                    exited[event.tgid] = event.timestamp
                }
                events.append(event)
            }
        }

        let now = MonotonicClock.now()
        var buckets: [FaultBucket] = []
        if !exited.isEmpty || countsWanted || now &- lastFaultCountsTake >= Self.faultCountsInterval {
            buckets = program.takeFaultCounts()
            lastFaultCountsTake = now
            countsWanted = false
        }
        var countsBeforeExit: [Int32: [MemoryEvent]] = [:]
        for bucket in buckets {
            let kind = MemoryEventKind.faultCounts(
                bucketAddress: bucket.bucket << UInt64(VMSCOPE_FAULT_BUCKET_SHIFT),
                bucketSize: Self.faultBucketSize, count: bucket.count)
            if let exitTime = exited[bucket.tgid] {
                // The process is gone: its last faults belong before its exit, not after.
                countsBeforeExit[bucket.tgid, default: []].append(
                    MemoryEvent(timestamp: exitTime, tgid: bucket.tgid, tid: bucket.tgid, kind: kind))
            } else if watched.contains(bucket.tgid) {
                events.append(MemoryEvent(timestamp: now, tgid: bucket.tgid, tid: bucket.tgid, kind: kind))
            }
        }
        if !countsBeforeExit.isEmpty {
            var ordered: [MemoryEvent] = []
            ordered.reserveCapacity(events.count + countsBeforeExit.values.reduce(0) { $0 + $1.count })
            for event in events {
                if event.endsProcess, let counts = countsBeforeExit.removeValue(forKey: event.tgid) {
                    ordered += counts
                }
                ordered.append(event)
            }
            events = ordered
        }

        let drops = program.totalDrops()
        if drops > lostRecords {
            events.append(MemoryEvent(timestamp: now, tgid: 0, tid: 0, kind: .lost(count: drops - lostRecords)))
            lostRecords = drops
        }
        return events
    }

    public func flushCounts() {
        countsWanted = true
    }

    /// Puts the searches its thread made on a call's event. Searches followed by anything but a
    /// call (an exec builds the new image with searches of its own; an exit ends the thread)
    /// belonged to no call vmscope reports and are dropped.
    private func attachSearches(to event: inout MemoryEvent) {
        if event.abi != nil {
            if let pending = pendingSearches.removeValue(forKey: event.tid) { event.gapSearches = pending.searches }
            return
        }
        switch event.kind {
        case .exec, .exit:
            pendingSearches = pendingSearches.filter { $0.value.tgid != event.tgid }
        default:
            break
        }
    }

    /// Detaches the probe now instead of at deinit.
    public func close() {
        program.close()
    }

    /// The region with its full path when the kernel's was cut and the VMA's map_files link
    /// leads to the same file (only while the process still has that VMA: at exec, not at exit).
    private func completingPath(of record: LayoutRegionRecord) -> LayoutRegionRecord {
        let region = record.region
        guard region.pathname.hasPrefix(MappedFile.truncationMark) else { return record }
        let file = MappedFile(path: region.pathname,
                              device: UInt64(region.deviceMajor) << 20 | UInt64(region.deviceMinor),
                              inode: region.inode)
        var completed = record
        completed.region.pathname = MapFiles.complete(file, pid: record.tgid, start: region.start, end: region.end).path
        return completed
    }

    private func applyConfig() {
        // Cannot fail for an array map with a valid key; a failure would only keep the old setting.
        // A fault-sample interval of 0 keeps the kernel side's default (1 ms between samples).
        try? program.setConfig(followChildren: followChildren, userStacks: userStacks, faultSampleNanoseconds: 0)
    }
}

private extension MemoryEvent {
    /// The exit, or the exit layout just before it: a process's last faults go before either.
    var endsProcess: Bool {
        switch kind {
        case .exit: true
        case .layout(let layout): layout.moment == .exit
        default: false
        }
    }
}
