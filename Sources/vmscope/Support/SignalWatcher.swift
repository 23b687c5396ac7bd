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

    /// One signal that arrived.
    struct Received {
        let number: Int32
        /// Sent by the terminal (Ctrl-C, hangup): the kernel gave it to the whole foreground
        /// process group, so a started command already has its own copy.
        let fromTerminal: Bool
        /// The status a shell expects from a process this signal stopped.
        var exitStatus: Int32 { 128 + number }
    }

    /// The signals that arrived since the last call.
    func take() -> [Received] {
        var signals: [Received] = []
        var info = signalfd_siginfo()
        while read(descriptor, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size {
            signals.append(Received(number: Int32(info.ssi_signo), fromTerminal: Int(info.ssi_code) == Int(SI_KERNEL)))
        }
        return signals
    }

    /// What a full-screen view makes of the signals that arrived: the first that is not SIGCONT
    /// stops it; SIGCONT alone says it was stopped and continued behind ncurses' back (SIGSTOP
    /// from outside, then fg), so the terminal must be taken back and repainted.
    func takeForView() -> (stop: Received?, continued: Bool) {
        let caught = take()
        return (caught.first { $0.number != SIGCONT }, caught.contains { $0.number == SIGCONT })
    }

    deinit {
        close(descriptor)
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    }
}
