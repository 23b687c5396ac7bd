import ArgumentParser

/// `-p PID` or `-- CMD [ARGS...]`, shared by the commands that watch one process.
struct TargetOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .customLong("pid")], help: "The process id to watch.")
    var pid: Int32?

    @Argument(parsing: .postTerminator,
              help: ArgumentHelp("A command to start and watch from its first instruction (after --).",
                                 valueName: "command"))
    var command: [String] = []

    func validate() throws {
        if pid != nil, !command.isEmpty {
            throw ValidationError("give either -p PID or -- CMD, not both")
        }
        if let pid, pid <= 0 {
            throw ValidationError("-p needs a positive process id, not \(pid)")
        }
    }

    var target: TraceTarget? {
        if let pid { return .pid(pid) }
        return command.isEmpty ? nil : .command(command)
    }
}
