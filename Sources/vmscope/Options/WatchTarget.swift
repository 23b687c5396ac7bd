/// What the live view watches at start.
enum WatchTarget {
    /// Running processes, by pid or command name (`-p 1234,postgres`).
    case processes([ProcessSelector])
    case command(CommandArguments)
    /// The built-in demo workload (`vmscope demo-workload`, started as a child).
    case demo
    /// Nothing yet: `--pick` alone opens the picker and waits for a choice.
    case nothing
}
