import CLibbpf
import CProbe
import Glibc

/// Taking the kernel's fault counts without losing one: faults count into one of two hash maps
/// (the slot map `fault_counts` says which, see bpf/vmscope.h). Taking them points the slot at
/// the other map first; the kernel returns from that update only once no program still uses
/// the old one, which can then be emptied with nothing counting into it.
extension BPFProgram {
    /// Every fault counted since the last take, or none without a syscall that waits when no
    /// bucket was created since (the common idle case: an empty map is not walked).
    func takeFaultCounts() -> [FaultBucket] {
        let created = counters().fault_buckets
        guard created != faultBucketsAtLastTake else { return [] }
        var slot: UInt32 = 0
        let old = faultCountsCounting
        var next = old == faultCountsMaps.0 ? faultCountsMaps.1 : faultCountsMaps.0
        // Waits for a grace period: no program holds a bucket of `old` when this returns.
        guard bpf_map_update_elem(faultCountsSlot, &slot, &next, 0) == 0 else { return [] }
        faultCountsCounting = next
        // Read before the switch: a bucket created after it lies in `next`, and shows as a change.
        faultBucketsAtLastTake = created
        return empty(old)
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
