/// One mmap'd region the demo workload holds. `readOnlyBytes` at the start have been
/// mprotect'ed to PROT_READ, so the page waves only read there.
struct DemoMapping {
    var base: UnsafeMutableRawPointer
    var size: Int
    var readOnlyBytes = 0
    var isFile = false
}
