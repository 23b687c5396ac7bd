import CSpawn
import Foundation

/// A child process started from a command line that has not exec'd yet: it waits until
/// `release()` so its pid can be watched first.
public final class PausedChild {
    public let pid: Int32
    public let command: [String]
    private var releaseDescriptor: Int32
    private let execErrorDescriptor: Int32
    private var reaped: Int32?

    /// Starts `command` (searched in PATH like a shell does) paused before exec.
    public init(command: [String]) throws(PausedChildError) {
        guard let file = command.first, !file.isEmpty else { throw .emptyCommand }
        self.command = command
        var cStrings: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) }
        cStrings.append(nil)
        defer { for p in cStrings { free(p) } }
        var release: Int32 = -1
        var execError: Int32 = -1
        let pid = vmscope_spawn_paused(file, cStrings, &release, &execError)
        guard pid > 0 else { throw .forkFailed(errno: errno) }
        self.pid = pid
        self.releaseDescriptor = release
        self.execErrorDescriptor = execError
    }

    /// Lets the child exec. Throws if exec failed (command not found, not executable).
    public func release() throws(PausedChildError) {
        guard releaseDescriptor >= 0 else { return }
        _ = vmscope_spawn_release(releaseDescriptor)
        releaseDescriptor = -1
        var childErrno: Int32 = 0
        let n = withUnsafeMutableBytes(of: &childErrno) { read(execErrorDescriptor, $0.baseAddress, $0.count) }
        close(execErrorDescriptor)
        if n == MemoryLayout<Int32>.size {
            _ = wait(blocking: true)
            throw .execFailed(command: command[0], errno: childErrno)
        }
    }

    /// The wait(2) status once the child has exited; nil while it runs (non-blocking) unless
    /// `blocking`.
    @discardableResult
    public func wait(blocking: Bool = false) -> Int32? {
        if let reaped { return reaped }
        var status: Int32 = 0
        let r = waitpid(pid, &status, blocking ? 0 : WNOHANG)
        if r == pid {
            reaped = status
            return status
        }
        return nil
    }

    /// Sends `signal` to the child if it has not been reaped.
    public func kill(_ signal: Int32 = SIGTERM) {
        if reaped == nil { _ = Glibc.kill(pid, signal) }
    }

    deinit {
        if releaseDescriptor >= 0 {
            // Never released: closing the gate makes the child exit without running the command.
            close(releaseDescriptor)
            close(execErrorDescriptor)
            _ = wait(blocking: true)
        }
    }
}
