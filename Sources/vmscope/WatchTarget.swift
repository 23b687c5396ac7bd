/// What the live view watches at start.
enum WatchTarget {
    case pid(Int32)
    case command([String])
    /// The built-in demo workload (`vmscope demo-workload`, started as a child).
    case demo
}
