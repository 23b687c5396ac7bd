import ArgumentParser

/// `--record FILE` (save the session to replay later) and, for `trace`, `--replay FILE`.
struct RecordingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also save the session to FILE (created mode 0644, replaced if it exists) for "
                               + "`vmscope trace --replay FILE`.", valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("Print a recording made with --record, exactly as the live trace printed it "
                               + "(no -p or -- CMD with it).", valueName: "file"))
    var replay: String?

    func validate() throws {
        if record != nil, replay != nil { throw ValidationError("give either --record or --replay, not both") }
    }
}
