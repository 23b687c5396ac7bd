import CLibbpf
import CProbe
import Foundation

/// The loaded eBPF object: its programs attached, its maps open, its ring buffer ready.
/// Owns every kernel resource it creates and releases them in `close()` (also on deinit), so
/// programs never outlive the process's interest in them.
///
/// Used from one thread (the run loop's); not Sendable.
final class BPFProgram {
    /// The object, its links and the ring buffer: one record of what to release.
    private var parts: Parts
    private var objectBytes: UnsafeMutableRawBufferPointer?
    private let sink: RecordSink

    let processesMap: Int32
    /// The fault-count generations (see BPFProgram+FaultCounts): the map whose update waits
    /// for a grace period, the two count maps, the per-CPU runs, the generation faults count
    /// into and its map.
    let faultGraceMap: Int32
    let faultCountMaps: (Int32, Int32)
    let faultRunsMap: Int32
    let faultGenerationMap: Int32
    var faultGeneration: UInt32 = 0
    let possibleCPUs = max(0, Int(libbpf_num_possible_cpus()))
    let dropsMap: Int32
    /// `.data.config` (one vmscope_config) and `.bss` (one vmscope_kernel_counters).
    let configMap: Int32
    let countersMap: Int32
    /// The `vmscope_attach` program, run with BPF_PROG_TEST_RUN to watch a running process.
    let attachProgram: Int32
    /// The watched bitmap (`watch_bits`), shared with the kernel side.
    let watchWords: UnsafeMutablePointer<vmscope_watch_word>
    /// Readable when the kernel forced a wakeup (buffer filling up, or a process exited).
    let pollDescriptor: Int32

    /// Opens the embedded object, loads it, attaches every program and sets up the ring
    /// buffer of `ringBufferBytes` (a power of two, at least a page). `onRecord` sees each raw
    /// record during `consume()`.
    init(ringBufferBytes: UInt32 = VMSCOPE_RINGBUF_BYTES,
         onRecord: @escaping (UnsafeRawBufferPointer) -> Void) throws(BPFUnavailable) {
        LibbpfLog.install
        LibbpfLog.reset()
        let sink = RecordSink(receive: onRecord)

        guard let decoded = Data(base64Encoded: EmbeddedBPFObject.base64),
              decoded.count == EmbeddedBPFObject.byteCount else { throw .corruptObject }
        // libelf reads the image in place until load finishes, so it must outlive open_mem.
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: decoded.count, alignment: 16)
        decoded.copyBytes(to: bytes)

        var parts = Parts()
        do throws(BPFUnavailable) {
            try Self.load(bytes: bytes, ringBufferBytes: ringBufferBytes, sink: sink, into: &parts)
        } catch {
            // Release whatever got created before the failure; nothing may stay attached.
            parts.release()
            bytes.deallocate()
            throw error
        }
        self.sink = sink
        self.objectBytes = bytes
        self.parts = parts
        self.processesMap = parts.processes
        self.faultGraceMap = parts.faultGrace
        self.faultCountMaps = parts.faultCountMaps
        self.faultRunsMap = parts.faultRuns
        self.faultGenerationMap = parts.faultGeneration
        self.dropsMap = parts.drops
        self.configMap = parts.config
        self.countersMap = parts.counters
        self.attachProgram = parts.attach
        self.watchWords = parts.watchWords!.bindMemory(to: vmscope_watch_word.self, capacity: Int(VMSCOPE_WATCH_WORDS))
        self.pollDescriptor = parts.ring.map { ring_buffer__epoll_fd($0) } ?? -1
    }

    /// What `load` has created so far, so a failure halfway can undo exactly that.
    private struct Parts {
        var object: OpaquePointer?
        var links: [OpaquePointer] = []
        var ring: OpaquePointer?
        var processes: Int32 = -1
        var faultGrace: Int32 = -1
        var faultCountMaps: (Int32, Int32) = (-1, -1)
        var faultRuns: Int32 = -1
        var faultGeneration: Int32 = -1
        var drops: Int32 = -1
        var config: Int32 = -1
        var counters: Int32 = -1
        var attach: Int32 = -1
        var watchWords: UnsafeMutableRawPointer?

        static let watchWordsBytes = Int(VMSCOPE_WATCH_WORDS) * MemoryLayout<vmscope_watch_word>.size

        mutating func release() {
            if let ring { ring_buffer__free(ring) }
            ring = nil
            if let watchWords { munmap(watchWords, Self.watchWordsBytes) }
            watchWords = nil
            for link in links { bpf_link__destroy(link) }
            links.removeAll()
            if let object { bpf_object__close(object) }
            object = nil
        }
    }

    private static func load(bytes: UnsafeMutableRawBufferPointer, ringBufferBytes: UInt32, sink: RecordSink,
                             into parts: inout Parts) throws(BPFUnavailable) {
        guard let object = bpf_object__open_mem(bytes.baseAddress, bytes.count, nil) else {
            throw .kernelRefused(step: "open the eBPF object", errno: errno, message: LibbpfLog.lastError)
        }
        parts.object = object
        if let events = bpf_object__find_map_by_name(object, "events") {
            let r = bpf_map__set_max_entries(events, ringBufferBytes)
            if r != 0 {
                throw .kernelRefused(step: "size the ring buffer", errno: -r, message: LibbpfLog.lastError)
            }
        }
        let loadResult = bpf_object__load(object)
        if loadResult != 0 {
            throw .kernelRefused(step: "load the eBPF programs", errno: -loadResult, message: LibbpfLog.lastError)
        }
        var program = bpf_object__next_program(object, nil)
        while let current = program {
            // vmscope_attach is run on demand (BPF_PROG_TEST_RUN), not attached to anything.
            if bpf_program__type(current) == BPF_PROG_TYPE_SYSCALL {
                parts.attach = bpf_program__fd(current)
                program = bpf_object__next_program(object, current)
                continue
            }
            guard let link = bpf_program__attach(current) else {
                let code = errno
                let name = String(cString: bpf_program__name(current))
                throw .kernelRefused(step: "attach \(name)", errno: code, message: LibbpfLog.lastError)
            }
            parts.links.append(link)
            program = bpf_object__next_program(object, current)
        }

        func mapDescriptor(_ name: String) throws(BPFUnavailable) -> Int32 {
            let fd = bpf_object__find_map_fd_by_name(object, name)
            if fd < 0 { throw .kernelRefused(step: "find map \(name)", errno: -fd, message: LibbpfLog.lastError) }
            return fd
        }
        parts.processes = try mapDescriptor("processes")
        parts.faultGrace = try mapDescriptor("fault_grace")
        parts.faultCountMaps = (try mapDescriptor("fault_counts_a"), try mapDescriptor("fault_counts_b"))
        parts.faultRuns = try mapDescriptor("fault_runs")
        parts.faultGeneration = try mapDescriptor(".data.faultgen")
        parts.drops = try mapDescriptor("drops")
        parts.config = try mapDescriptor(".data.config")
        parts.counters = try mapDescriptor(".bss")
        let eventsMap = try mapDescriptor("events")
        if parts.attach < 0 {
            throw .kernelRefused(step: "find program vmscope_attach", errno: ENOENT, message: LibbpfLog.lastError)
        }
        let bits = mmap(nil, Parts.watchWordsBytes, PROT_READ | PROT_WRITE, MAP_SHARED, try mapDescriptor("watch_bits"), 0)
        guard let bits, bits != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw .kernelRefused(step: "map the watched bitmap", errno: errno, message: LibbpfLog.lastError)
        }
        parts.watchWords = bits

        // The sink is owned by the BPFProgram, which frees the ring buffer before the sink.
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard let ring = ring_buffer__new(eventsMap, { context, data, size in
            guard let context, let data else { return 0 }
            let sink = Unmanaged<RecordSink>.fromOpaque(context).takeUnretainedValue()
            sink.receive(UnsafeRawBufferPointer(start: data, count: size))
            sink.budget -= 1
            // libbpf has already consumed this record; a negative return only ends the loop.
            return sink.budget > 0 ? 0 : -ECANCELED
        }, context, nil) else {
            throw .kernelRefused(step: "create the ring buffer", errno: errno, message: LibbpfLog.lastError)
        }
        parts.ring = ring
    }

    /// At most this many records per `consume()` (about 4 MiB of munmap-sized records), so one
    /// drain stays short even while a process floods the buffer: the rest waits for the next
    /// drain, which comes at once (the ring's descriptor stays readable while records wait).
    static let defaultRecordsPerConsume = 4 << 20 / (MemoryLayout<vmscope_range_record>.size + 8)
    var recordsPerConsume = BPFProgram.defaultRecordsPerConsume
    /// The last `consume` stopped at `recordsPerConsume` with records still waiting.
    private(set) var budgetUsedUp = false

    /// How long `addWatched` keeps trying to attach a running process cleanly.
    var attachPatience = BPFProgram.defaultAttachPatience
    /// Processes watched without a clean attach (their first brk's old break was unknown).
    var attachFallbacks = 0

    /// Hands waiting records (up to `recordsPerConsume`) to `onRecord`. Returns how many.
    /// Never blocks.
    @discardableResult
    func consume() throws(BPFMapError) -> Int {
        guard let ring = parts.ring else { return 0 }
        sink.budget = max(1, recordsPerConsume)
        let n = ring_buffer__consume(ring)
        budgetUsedUp = n == -ECANCELED
        if n == -ECANCELED { return max(1, recordsPerConsume) } // budget used up; more may wait
        if n < 0 { throw .operationFailed("read the ring buffer", errno: -n) }
        return Int(n)
    }

    /// Detaches and unloads everything. Safe to call more than once.
    func close() {
        releaseAll()
    }

    private func releaseAll() {
        parts.release()
        objectBytes?.deallocate()
        objectBytes = nil
    }

    var isOpen: Bool { parts.object != nil }

    deinit {
        releaseAll()
    }
}
