import CLibbpf
import CProbe
import Glibc

/// The userspace side of the map contract in bpf/vmscope.h.
extension BPFProgram {
    static let watchedLimit = Int(VMSCOPE_MAX_WATCHED)

    /// `awaitingExec`: the process is a command vmscope started and has not exec'd yet; the
    /// kernel side sends only its exec (start, failure, success) and exit until the exec.
    func addWatched(_ tgid: Int32, awaitingExec: Bool = false) throws(BPFMapError) {
        var key = UInt32(bitPattern: tgid)
        var value = vmscope_watch(last_fault_sample: 0, flags: awaitingExec ? VMSCOPE_W_AWAITING_EXEC : 0, pad: 0)
        // BPF_NOEXIST keeps the state of an already watched process (its rate limiter's time,
        // and whether it has exec'd).
        let r = bpf_map_update_elem(watchedMap, &key, &value, UInt64(BPF_NOEXIST))
        if r == 0 || -r == EEXIST { return }
        if -r == E2BIG { throw .watchedSetFull(limit: Self.watchedLimit) }
        throw .operationFailed("watch pid \(tgid)", errno: -r)
    }

    func removeWatched(_ tgid: Int32) {
        var key = UInt32(bitPattern: tgid)
        _ = bpf_map_delete_elem(watchedMap, &key) // ENOENT: already gone (exited), fine
    }

    func setConfig(followChildren: Bool, faultSampleNanoseconds: UInt64) throws(BPFMapError) {
        var key: UInt32 = 0
        var value = vmscope_config(follow_children: followChildren ? 1 : 0, pad: 0,
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

    /// Takes every fault bucket out of the kernel map (the kernel starts new ones at 1).
    /// Batch lookup-and-delete needs kernel 5.6; older kernels get the per-key fallback.
    func drainFaultCounts() -> [FaultBucket] {
        var result: [FaultBucket] = []
        if drainFaultCountsBatched(into: &result) { return result }
        drainFaultCountsByKey(into: &result)
        return result
    }

    private func drainFaultCountsBatched(into result: inout [FaultBucket]) -> Bool {
        let chunk = 1024
        var keys = [vmscope_fault_key](repeating: vmscope_fault_key(), count: chunk)
        var values = [UInt64](repeating: 0, count: chunk)
        // The batch cursor is a hash-bucket index for hash maps; 8 bytes is plenty.
        var cursor: UInt64 = 0
        var first = true
        while true {
            var count = UInt32(chunk)
            var next: UInt64 = 0
            let r: Int32 = withUnsafeMutablePointer(to: &cursor) { cursorPointer in
                bpf_map_lookup_and_delete_batch(faultCountsMap, first ? nil : cursorPointer, &next,
                                                &keys, &values, &count, nil)
            }
            let code = r < 0 ? errno : 0
            for i in 0..<Int(min(count, UInt32(chunk))) {
                result.append(FaultBucket(tgid: Int32(bitPattern: keys[i].tgid), bucket: keys[i].bucket,
                                          count: values[i]))
            }
            if r == 0 {
                cursor = next
                first = false
                continue
            }
            if code == ENOENT { return true } // walked the whole map
            // EINVAL/ENOTSUPP: no batch ops on this kernel. Anything already taken is kept.
            return !result.isEmpty
        }
    }

    private func drainFaultCountsByKey(into result: inout [FaultBucket]) {
        var key = vmscope_fault_key()
        var keys: [vmscope_fault_key] = []
        var hasKey = bpf_map_get_next_key(faultCountsMap, nil, &key) == 0
        while hasKey, keys.count < Int(VMSCOPE_FAULT_BUCKETS) {
            keys.append(key)
            var next = vmscope_fault_key()
            hasKey = bpf_map_get_next_key(faultCountsMap, &key, &next) == 0
            key = next
        }
        for var k in keys {
            var value: UInt64 = 0
            // Look up and delete in one call where possible (hash maps support it since 5.14).
            if bpf_map_lookup_and_delete_elem(faultCountsMap, &k, &value) != 0 {
                guard bpf_map_lookup_elem(faultCountsMap, &k, &value) == 0 else { continue }
                _ = bpf_map_delete_elem(faultCountsMap, &k)
            }
            result.append(FaultBucket(tgid: Int32(bitPattern: k.tgid), bucket: k.bucket, count: value))
        }
    }
}
