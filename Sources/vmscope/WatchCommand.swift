import ArgumentParser
import Glibc
import VMScopeCore
import VMScopeProbe

/// `vmscope [-p PID | -- CMD]`: the full-screen live view. With no target it starts the
/// built-in demo workload and watches that.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Show a process's address space live, full screen (the default command).",
        discussion: """
            With no -p and no command, vmscope starts its built-in demo workload (a program that \
            grows its heap, maps and unmaps regions from the top down and touches pages in waves) \
            and watches it. Press ? in the view for every key.
            """)

    @OptionGroup var target: TargetOptions
    @OptionGroup var source: SourceOptions

    func run() throws {
        let watchTarget: WatchTarget
        switch target.target {
        case .pid(let pid)?: watchTarget = .pid(pid)
        case .command(let argv)?: watchTarget = .command(argv)
        case nil: watchTarget = .demo
        }
        do {
            let (eventSource, note) = source.open()
            let session = try WatchSession(source: eventSource, sourceNote: note, target: watchTarget,
                                           interval: source.intervalNanoseconds)
            try session.run()
        } catch where error is CommandError || error is ProcReadError {
            // Both describe themselves in one line that names the thing and what to do.
            StandardError.print("\(error)")
            throw ExitCode(1)
        }
    }
}
