import CSpawn
import Glibc

/// Turns SIGINT, SIGTERM and SIGHUP (which end the view) and SIGCONT (after which the terminal
/// must be taken back) into a readable descriptor (signalfd) so the run loop's poll(2) sees
/// Ctrl-C like any other input, with no handler running on a random thread. A blocked SIGCONT
/// still continues the process; only its notice waits on the descriptor.
final class SignalWatcher {
    let descriptor: Int32
    private var previousMask = sigset_t()

    init() throws(CommandError) {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGCONT] { sigaddset(&mask, signal) }
        // Block before creating the fd so a signal in between is queued, not fatal.
        pthread_sigmask(SIG_BLOCK, &mask, &previousMask)
        let fd = signalfd(-1, &mask, Int32(SFD_CLOEXEC | SFD_NONBLOCK))
        guard fd >= 0 else {
            throw CommandError("cannot watch for Ctrl-C (signalfd: \(String(cString: strerror(errno))))")
        }
        descriptor = fd
    }

    /// The signal numbers that arrived since the last call.
    func take() -> [Int32] {
        var signals: [Int32] = []
        var info = signalfd_siginfo()
        while read(descriptor, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size {
            signals.append(Int32(info.ssi_signo))
        }
        return signals
    }

    deinit {
        close(descriptor)
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    }
}
