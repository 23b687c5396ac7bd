import ArgumentParser

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
        subcommands: [WatchCommand.self, TraceCommand.self, LayoutCommand.self, DemoWorkloadCommand.self],
        defaultSubcommand: WatchCommand.self)
}
