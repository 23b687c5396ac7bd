import ArgumentParser
import VMScopeCore
import VMScopeTUI

/// `vmscope replay FILE`: a recording in the live view, with play / pause, speed, stepping by
/// event and seeking. Needs no probe, no /proc and none of the recorded program's files.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recording (vmscope trace --record FILE) in the live view.",
        discussion: """
            The recording plays in the same full-screen view as a live process: space plays and \
            pauses, { and } change the speed (0.25× to 64×), n and b step one event forward and \
            back, ( and ) seek a second, ; and ' ten seconds, 0 and $ go to the start and the end. \
            The strip under the bar shows when the events were. Press ? in the view for every key.
            """)

    @Argument(help: ArgumentHelp("The recording to replay.", valueName: "FILE"))
    var file: String

    @OptionGroup var themeOptions: ThemeOptions

    func run() throws {
        // Read before the screen comes up: a bad file is one line on a normal terminal.
        let player: RecordingPlayer
        do { player = try RecordingPlayer(path: file) } catch {
            StandardError.print("\(error)")
            throw ExitCode(1)
        }
        let themes = ThemeCatalog.forCurrentUser()
        let theme = themeOptions.load(from: themes)
        defer { if let warning = theme.warning { StandardError.print(warning) } }
        var stoppedBy: SignalWatcher.Received?
        let session = ReplaySession(player: player, themes: themes, theme: theme)
        do {
            let terminal: NcursesTerminal
            do { terminal = try NcursesTerminal(palette: theme.palette) } catch { throw CommandError(error.description) }
            defer { terminal.stop() }
            try session.run(on: terminal)
            stoppedBy = session.stoppedBy
        } catch let error as CommandError {
            StandardError.print("\(error)")
            throw ExitCode(1)
        }
        // After the screen is gone, so they can still be read: what was wrong with the file.
        if let error = player.error { StandardError.print("replay stopped early: \(error)") }
        for warning in player.warnings { StandardError.print(warning) }
        if let stoppedBy { throw ExitCode(stoppedBy.exitStatus) }
    }
}
