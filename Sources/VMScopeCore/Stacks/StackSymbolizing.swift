/// Resolves a captured stack's addresses to modules and function names. The monitor calls it
/// as each event is taken in, while the process's layout (and its files) still match the call;
/// an implementation caches per file, since a storm repeats the same few stacks.
public protocol StackSymbolizing: AnyObject {
    /// Fills `stack.frames` (one per address). `region` finds the mapping holding an address in
    /// the process's layout just before the call.
    func symbolize(_ stack: inout UserStack, pid: Int32, region: (UInt64) -> Region?)
    /// The process's files may have changed (it exec'd or ended): drop what was cached for it.
    func forget(pid: Int32)
}
