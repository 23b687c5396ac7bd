import ArgumentParser

/// What the live view watches at start: processes by pid or name, a command it starts, the
/// picker, or (nothing given) the built-in demo.
struct WatchOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .customLong("pid")], parsing: .singleValue,
            help: ArgumentHelp("Processes to watch: pids and command names, comma-separated (-p 1234,postgres); "
                               + "repeatable. A name watches every process whose command name or argv[0] "
                               + "matches it exactly. [ and ] switch between them.",
                               valueName: "pid|name,..."))
    var processes: [String] = []

    @Flag(name: .customLong("pick"),
          help: "Start in the process picker (also the p key): choose what to watch from every process.")
    var pick = false

    @Flag(name: .customLong("follow"),
          help: "Follow children: processes that watched ones fork (and those already running) join the watch list (also the F key).")
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
}
