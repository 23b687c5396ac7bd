import ArgumentParser

@main
struct VMScopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmscope",
        abstract: "Watch a Linux process's virtual address space move: brk, mmap, munmap, mremap, mprotect and page faults, live.",
        subcommands: [TraceCommand.self, LayoutCommand.self])
}
