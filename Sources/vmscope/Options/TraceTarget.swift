/// What `trace` watches: running processes, or a command it starts itself.
enum TraceTarget {
    case processes([ProcessSelector])
    case command(CommandArguments)
}
