import ArgumentParser

/// What to watch or trace: running processes by pid or name (`-p`), or a command vmscope starts
/// (`-- CMD`), and whether their children are followed. Shared by the live view and `trace`.
struct TargetOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .customLong("pid")], parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Processes: pids and command names, comma-separated (-p 1234,postgres); "
                               + "repeatable. A name means every process whose command name or argv[0] "
                               + "matches it exactly.",
                               valueName: "pid|name,..."))
    // .unconditionalSingleValue: `-p -5` takes -5 as the value, so the message says the pid is invalid
    // (ProcessSelector) instead of argument-parser's "Missing value for '-p'".
    var processes: [String] = []

    @Flag(name: .customLong("follow"),
          help: "Follow children: processes the watched ones fork (and those already running) are watched too.")
    var follow = false

    @Argument(parsing: .postTerminator,
              help: ArgumentHelp("A command to start and watch from its first instruction (after --).",
                                 valueName: "command"))
    var command: [String] = []

    func validate() throws {
        if !processes.isEmpty, !command.isEmpty {
            throw ValidationError("give either -p or -- CMD, not both")
        }
        do { _ = try ProcessSelector.parse(processes) } catch let error as ProcessSelector.SelectorError {
            throw ValidationError(error.description)
        }
    }

    var selectors: [ProcessSelector] { (try? ProcessSelector.parse(processes)) ?? [] }

    /// `-- CMD` or `-p ...`; nil when neither was given.
    var target: TraceTarget? {
        if !command.isEmpty { return .command(CommandArguments.recovering(command)) }
        return selectors.isEmpty ? nil : .processes(selectors)
    }
}
