import CLibbpf
import CProbe
import Glibc

/// The userspace side of the map contract in bpf/vmscope.h.
extension BPFProgram {
    static let watchedLimit = Int(VMSCOPE_MAX_WATCHED)

    /// Watches `tgid`. A command vmscope started (`awaitingExec`: not exec'd yet) is only
    /// marked: the kernel side sends its exec (start, failure, success) and exit, and learns
    /// everything else at the exec. A running process is attached by the `vmscope_attach`
    /// program, which reads its break and remembers its shm attachments and aio rings under its
    /// mmap lock, when none of its threads is inside brk, shmdt or io_destroy (so their records
    /// say exactly what they removed); it is retried for up to `attachPatience` while the lock
    /// is taken or such a call is in flight. An already watched process keeps its state.
    func addWatched(_ tgid: Int32, awaitingExec: Bool = false) throws(BPFMapError) {
        guard tgid > 0 else { throw .noSuchProcess(pid: tgid) }
        if isWatchedInKernel(tgid) { return }
        if awaitingExec {
            // The break is learnt at exec; nothing waits for a lock.
            switch runAttach(tgid, flags: VMSCOPE_ATTACH_AWAITING_EXEC) {
            case 0: return
            case -ESRCH: throw .noSuchProcess(pid: tgid)
            case -E2BIG: throw .watchedSetFull(limit: Self.watchedLimit)
            case let r: throw .operationFailed("watch pid \(tgid)", errno: -r)
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + attachPatience
        var pause: useconds_t = 50
        while true {
            let r = runAttach(tgid, flags: 0)
            switch r {
            case 0: return
            case -ESRCH: throw .noSuchProcess(pid: tgid)
            case -E2BIG: throw .watchedSetFull(limit: Self.watchedLimit)
            case -EBUSY where clock.now < deadline:
                usleep(pause)
                pause = min(pause * 2, 5_000)
            case -EBUSY:
                // Never clean within the patience (a thread that calls brk without pause, or
                // the lock always taken): watch it anyway, marked like a command that has not
                // exec'd, then let its calls through. Its first brk record then says the break
                // did not move, and a detach of an attachment it already had has no extent.
                attachFallbacks += 1
                switch runAttach(tgid, flags: VMSCOPE_ATTACH_AWAITING_EXEC) {
                case 0: break
                case -ESRCH: throw .noSuchProcess(pid: tgid)
                case -E2BIG: throw .watchedSetFull(limit: Self.watchedLimit)
                case let r: throw .operationFailed("watch pid \(tgid)", errno: -r)
                }
                let word = watchWords + Int(UInt32(bitPattern: tgid) >> 6)
                let bit = UInt64(1) << UInt64(UInt32(bitPattern: tgid) & 63)
                withUnsafeMutablePointer(to: &word.pointee.awaiting) { cprobe_atomic_and($0, ~bit) }
                return
            default:
                throw .operationFailed("watch pid \(tgid)", errno: -r)
            }
        }
    }

    /// How long `addWatched` retries a running process whose mmap lock is taken or whose
    /// thread is inside brk/shmdt/io_destroy (each attempt takes microseconds).
    static let defaultAttachPatience: Duration = .seconds(1)

    /// One run of `vmscope_attach` for `tgid`: its return value (0, -EBUSY, -ESRCH, -E2BIG).
    private func runAttach(_ tgid: Int32, flags: UInt32) -> Int32 {
        var args = vmscope_attach_args(tgid: UInt32(bitPattern: tgid), flags: flags)
        return withUnsafeMutableBytes(of: &args) { context -> Int32 in
            var options = bpf_test_run_opts()
            options.sz = MemoryLayout<bpf_test_run_opts>.size
            options.ctx_in = UnsafeRawPointer(context.baseAddress)
            options.ctx_size_in = UInt32(context.count)
            let r = bpf_prog_test_run_opts(attachProgram, &options)
            if r != 0 { return r < 0 ? r : -errno }
            return Int32(bitPattern: options.retval)
        }
    }

    func removeWatched(_ tgid: Int32) {
        guard tgid > 0 else { return }
        let word = watchWords + Int(UInt32(bitPattern: tgid) >> 6)
        let bit = UInt64(1) << UInt64(UInt32(bitPattern: tgid) & 63)
        withUnsafeMutablePointer(to: &word.pointee.watched) { cprobe_atomic_and($0, ~bit) }
        withUnsafeMutablePointer(to: &word.pointee.awaiting) { cprobe_atomic_and($0, ~bit) }
        var key = UInt32(bitPattern: tgid)
        _ = bpf_map_delete_elem(processesMap, &key) // ENOENT: already gone (exited), fine
    }

    /// Whether the kernel side's bitmap has `tgid` (userspace's view of the shared words).
    func isWatchedInKernel(_ tgid: Int32) -> Bool {
        guard tgid > 0 else { return false }
        let word = watchWords + Int(UInt32(bitPattern: tgid) >> 6)
        let bit = UInt64(1) << UInt64(UInt32(bitPattern: tgid) & 63)
        return withUnsafeMutablePointer(to: &word.pointee.watched) { cprobe_atomic_load($0) } & bit != 0
    }

    /// Whether `tgid` is marked as a command that has not exec'd yet.
    func isAwaitingExecInKernel(_ tgid: Int32) -> Bool {
        guard tgid > 0 else { return false }
        let word = watchWords + Int(UInt32(bitPattern: tgid) >> 6)
        let bit = UInt64(1) << UInt64(UInt32(bitPattern: tgid) & 63)
        return withUnsafeMutablePointer(to: &word.pointee.awaiting) { cprobe_atomic_load($0) } & bit != 0
    }

    /// Sets bits of the shared bitmap (any pid up to PID_MAX_LIMIT). For tests: watching goes
    /// through `addWatched`, which also marks the process's address space in the kernel-only
    /// filter in front of the bitmap.
    func setBits(_ tgid: Int32, watched: Bool, awaiting: Bool) {
        guard tgid > 0 else { return }
        let word = watchWords + Int(UInt32(bitPattern: tgid) >> 6)
        let bit = UInt64(1) << UInt64(UInt32(bitPattern: tgid) & 63)
        // Awaiting first: a watched bit without it would let the copy's calls through.
        if awaiting { withUnsafeMutablePointer(to: &word.pointee.awaiting) { cprobe_atomic_or($0, bit) } }
        if watched { withUnsafeMutablePointer(to: &word.pointee.watched) { cprobe_atomic_or($0, bit) } }
    }

    /// The kernel side's state of a watched process (nil when it has none).
    func processState(_ tgid: Int32) -> vmscope_process? {
        var key = UInt32(bitPattern: tgid)
        var value = vmscope_process()
        return bpf_map_lookup_elem(processesMap, &key, &value) == 0 ? value : nil
    }

    /// The kernel side's counters (wakeups forced, shm attachments remembered).
    func counters() -> vmscope_kernel_counters {
        var key: UInt32 = 0
        var value = vmscope_kernel_counters()
        _ = bpf_map_lookup_elem(countersMap, &key, &value)
        return value
    }

    func setConfig(followChildren: Bool, userStacks: Bool, faultSampleNanoseconds: UInt64) throws(BPFMapError) {
        var key: UInt32 = 0
        var value = vmscope_config(follow_children: followChildren ? 1 : 0, user_stacks: userStacks ? 1 : 0,
                                   fault_sample_ns: faultSampleNanoseconds)
        let r = bpf_map_update_elem(configMap, &key, &value, UInt64(BPF_ANY))
        if r != 0 { throw .operationFailed("update the probe configuration", errno: -r) }
    }

    /// Drops since load: ring buffer full plus fault buckets that found the count map full.
    func totalDrops() -> UInt64 {
        let cpus = Int(libbpf_num_possible_cpus())
        guard cpus > 0 else { return 0 }
        var total: UInt64 = 0
        var values = [UInt64](repeating: 0, count: cpus)
        for slot in 0..<UInt32(VMSCOPE_DROP_SLOTS) {
            var key = slot
            if bpf_map_lookup_elem(dropsMap, &key, &values) == 0 {
                total &+= values.reduce(0, &+)
            }
        }
        return total
    }
}
