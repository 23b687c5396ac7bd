/// What `trace` watches: a running process, or a command it starts itself.
enum TraceTarget {
    case pid(Int32)
    case command([String])
}
