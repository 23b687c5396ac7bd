import ArgumentParser
import Glibc

@main
struct VMScopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmscope",
        abstract: "Watch a Linux process's virtual address space move: brk, mmap, munmap, mremap, mprotect and page faults, live.",
        discussion: """
            With no subcommand vmscope opens the live view (`watch`): `vmscope` alone watches a \
            built-in demo workload, `vmscope -p PID` attaches to a process, `vmscope -- CMD ARGS` \
            starts one and watches it from its first instruction.
            """,
        subcommands: [WatchCommand.self, TraceCommand.self, LayoutCommand.self, ReplayCommand.self, DiffCommand.self,
                      DemoWorkloadCommand.self],
        defaultSubcommand: WatchCommand.self)

    /// `vmscope --help` describes the live view's options too: they are what `vmscope` takes
    /// without a subcommand, and the generated root help would only list the subcommands.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
            print(helpMessage())
            print("\nThe live view, `vmscope [watch]`, takes:\n")
            print(helpMessage(for: WatchCommand.self))
            exit(withError: nil)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            exit(withError: nil)
        } catch {
            // A failure to parse (or a validation error) is printed here rather than by
            // exit(withError:), which would echo the arguments' control characters raw.
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            guard code != .success, !(error is ExitCode), !message.isEmpty else { exit(withError: error) }
            ParseErrorOutput.print(message)
            Glibc.exit(code.rawValue)
        }
    }
}
