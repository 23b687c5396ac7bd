import ArgumentParser

/// What the live view watches at start: processes by pid or name, a command it starts, the
/// picker, or (nothing given) the built-in demo.
struct WatchOptions: ParsableArguments {
    @OptionGroup var target: TargetOptions

    @Flag(name: .customLong("pick"),
          help: "Start in the process picker (also the p key): choose what to watch from every process.")
    var pick = false

    @Option(help: ArgumentHelp("Also save the session to FILE (created mode 0644, replaced if it exists): every "
                               + "update and the shown process's details, for `vmscope trace --replay FILE`.",
                               valueName: "file"))
    var record: String?
}
