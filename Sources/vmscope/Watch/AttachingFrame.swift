import VMScopeCore
import VMScopeTUI

/// The live view's first frame while the eBPF probe is still loading: the screen is up at once,
/// naming what it will watch and saying that it is attaching; the session's frames replace it
/// as soon as the probe is in and the first snapshot read. Nothing on it is a guess: no layout,
/// no figures, only what the command line said.
enum AttachingFrame {
    static func draw(on terminal: NcursesTerminal, target: WatchTarget) {
        var state = LiveViewState()
        state.source = "eBPF"
        state.sourceNote = ([terminal.note, "attaching"] as [String?]).compactMap { $0 }.joined(separator: "; ")
        state.waitingFor = "attaching: loading the eBPF probe…"
        switch target {
        case .processes(let selectors):
            // A pid given outright is named by its comm; a name as typed (it may match several).
            if case .pid(let pid)? = selectors.first {
                // No such process: no screen to flash before the session says so on stderr.
                guard let identity = try? ProcessFactsReader().identity(pid: pid) else { return }
                state.pid = pid
                state.commandLine = "[\(identity.command)]"
            } else if case .name(let name)? = selectors.first {
                state.commandLine = name
            }
        case .command(let argv):
            state.commandLine = argv.display.joined(separator: " ")
        case .demo:
            state.commandLine = "vmscope demo workload"
        case .nothing:
            return // the picker opens first; it has its own screen
        }
        let size = terminal.size()
        terminal.draw(LiveView.render(state, width: size.width, height: size.height))
    }
}
