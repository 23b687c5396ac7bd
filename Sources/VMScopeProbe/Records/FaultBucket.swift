/// Faults taken by `tgid` in the 2^VMSCOPE_FAULT_BUCKET_SHIFT-byte bucket number `bucket`
/// since the kernel's counts were last taken.
struct FaultBucket: Sendable, Hashable {
    var tgid: Int32
    var bucket: UInt64
    var count: UInt64

    struct Key: Hashable {
        var tgid: Int32
        var bucket: UInt64
    }

    var key: Key { Key(tgid: tgid, bucket: bucket) }
}
