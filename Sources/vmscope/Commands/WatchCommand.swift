import ArgumentParser
import Glibc
import VMScopeCore
import VMScopeProbe
import VMScopeTUI

/// `vmscope [-p PID,NAME,... | --pick | -- CMD]`: the full-screen live view. With no target it
/// starts the built-in demo workload and watches that.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Show a process's address space live, full screen (the default command).",
        discussion: """
            With no -p and no command, vmscope starts its built-in demo workload (a program that \
            grows its heap, maps and unmaps regions from the top down and touches pages in waves) \
            and watches it. Several processes can be watched at once (-p 1234,postgres, or p in the \
            view to pick more); [ and ] switch between them, each keeping its own history. \
            Press ? in the view for every key.
            """)

    @OptionGroup var target: WatchOptions
    @OptionGroup var source: SourceOptions
    @OptionGroup var themeOptions: ThemeOptions

    func run() throws {
        let watchTarget: WatchTarget
        if !target.target.command.isEmpty {
            watchTarget = .command(CommandArguments.recovering(target.target.command))
        } else if !target.target.selectors.isEmpty {
            watchTarget = .processes(target.target.selectors)
        } else {
            watchTarget = target.pick ? .nothing : .demo
        }
        let themes = ThemeCatalog.forCurrentUser()
        let theme = themeOptions.load(from: themes)
        // Shown in the view's footer too; repeated here so it is still there after quitting.
        defer { if let warning = theme.warning { StandardError.print(warning) } }
        // The probe loads on another thread while the screen comes up (its first frame says so).
        let opening = SourceOpening(noBPF: source.noBPF, ringBufferMiB: source.ringBufferMiB,
                                    stacks: !source.noStacks)
        var sourceWarning: String?
        defer { if let sourceWarning { StandardError.print(sourceWarning) } }
        var stoppedBy: SignalWatcher.Received?
        // Created (header written) before the screen comes up: a bad path fails in one line.
        let recorder: RecordingWriter?
        do { recorder = try target.record.map { path throws(RecordingError) in try RecordingWriter(path: path) } } catch {
            StandardError.print("\(error)")
            throw ExitCode(1)
        }
        defer { if let failure = recorder?.failure { StandardError.print("\(failure)") } }
        do {
            let terminal: NcursesTerminal
            do { terminal = try NcursesTerminal(palette: theme.palette) } catch { throw CommandError(error.description) }
            // Before any message below is printed: the screen has to be gone first.
            defer { terminal.stop() }
            if !source.noBPF { AttachingFrame.draw(on: terminal, target: watchTarget) }
            let (eventSource, note, warning) = opening.wait()
            sourceWarning = warning
            let session = try WatchSession(source: eventSource, sourceNote: note, target: watchTarget,
                                           pick: target.pick, follow: target.target.follow,
                                           interval: source.intervalNanoseconds, themes: themes,
                                           theme: theme,
                                           symbolizer: eventSource is BPFEventSource && !source.noStacks ? StackSymbolizer() : nil,
                                           recorder: recorder)
            try session.run(on: terminal)
            stoppedBy = session.stoppedBy
        } catch where error is CommandError || error is ProcReadError {
            // Both describe themselves in one line that names the thing and what to do.
            StandardError.print("\(error)")
            throw ExitCode(1)
        }
        // The screen is restored by now; a shell expects 128 + n from a signalled process.
        if let stoppedBy { throw ExitCode(stoppedBy.exitStatus) }
    }
}
