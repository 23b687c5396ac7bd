/// One entry of the kernel's `fault_counts` map: faults taken by `tgid` in the
/// 2^VMSCOPE_FAULT_BUCKET_SHIFT-byte bucket number `bucket` since it was last drained.
struct FaultBucket: Sendable, Hashable {
    var tgid: Int32
    var bucket: UInt64
    var count: UInt64
}
