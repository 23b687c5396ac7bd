import CLibbpf
import CProbe
import Glibc

/// Taking the kernel's fault counts without losing one (see bpf/vmscope.h): faults count into
/// one of two generations, per-CPU runs plus a hash map. Taking flips the generation, waits
/// until no program can still be counting into the old one, then empties it.
extension BPFProgram {
    /// Every fault counted since the last take (one entry per process and bucket), or none,
    /// after one cheap lookup, when no CPU has started a run since.
    func takeFaultCounts() -> [FaultBucket] {
        let taken = faultGeneration
        var runs = [vmscope_fault_run](repeating: vmscope_fault_run(), count: possibleCPUs)
        var key = taken
        guard !runs.isEmpty, bpf_map_lookup_elem(faultRunsMap, &key, &runs) == 0,
              runs.contains(where: { $0.count > 0 }) else { return [] }

        var zero: UInt32 = 0
        var next = 1 - taken
        guard bpf_map_update_elem(faultGenerationMap, &zero, &next, 0) == 0 else { return [] }
        faultGeneration = next
        // The kernel returns from an update of an array of maps only after an RCU grace period:
        // every program that read the old generation has finished. (The value is unchanged.)
        var slot = taken
        var same = taken == 0 ? faultCountMaps.0 : faultCountMaps.1
        _ = bpf_map_update_elem(faultCountsMap, &slot, &same, 0)

        var totals: [FaultBucket.Key: UInt64] = [:]
        for bucket in empty(same) { totals[bucket.key, default: 0] += bucket.count }
        if bpf_map_lookup_elem(faultRunsMap, &key, &runs) == 0 {
            for run in runs where run.count > 0 {
                totals[FaultBucket.Key(tgid: Int32(bitPattern: run.tgid), bucket: run.bucket), default: 0] += run.count
            }
            var cleared = [vmscope_fault_run](repeating: vmscope_fault_run(), count: runs.count)
            _ = bpf_map_update_elem(faultRunsMap, &key, &cleared, 0)
        }
        return totals.map { FaultBucket(tgid: $0.key.tgid, bucket: $0.key.bucket, count: $0.value) }
    }

    /// Empties `map`, which no program counts into any more. Batch lookup-and-delete needs
    /// kernel 5.6; older kernels get the per-key fallback.
    private func empty(_ map: Int32) -> [FaultBucket] {
        var result: [FaultBucket] = []
        if emptyBatched(map, into: &result) { return result }
        emptyByKey(map, into: &result)
        return result
    }

    private func emptyBatched(_ map: Int32, into result: inout [FaultBucket]) -> Bool {
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
                bpf_map_lookup_and_delete_batch(map, first ? nil : cursorPointer, &next,
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

    private func emptyByKey(_ map: Int32, into result: inout [FaultBucket]) {
        var key = vmscope_fault_key()
        var keys: [vmscope_fault_key] = []
        var hasKey = bpf_map_get_next_key(map, nil, &key) == 0
        while hasKey, keys.count < Int(VMSCOPE_FAULT_BUCKETS) {
            keys.append(key)
            var next = vmscope_fault_key()
            hasKey = bpf_map_get_next_key(map, &key, &next) == 0
            key = next
        }
        for var k in keys {
            var value: UInt64 = 0
            // Look up and delete in one call where possible (hash maps support it since 5.14).
            if bpf_map_lookup_and_delete_elem(map, &k, &value) != 0 {
                guard bpf_map_lookup_elem(map, &k, &value) == 0 else { continue }
                _ = bpf_map_delete_elem(map, &k)
            }
            result.append(FaultBucket(tgid: Int32(bitPattern: k.tgid), bucket: k.bucket, count: value))
        }
    }
}
