import CSpawn
import Foundation
import VMScopeCore

/// A child process started from a command line that has not exec'd yet: it waits until
/// `release()` so its pid can be watched first.
public final class PausedChild {
    public let pid: Int32
    public let command: [String]
    private var releaseDescriptor: Int32
    private let execErrorDescriptor: Int32
    private var reaped: Int32?

    /// Starts `command` (searched in PATH like a shell does) paused before exec.
    public convenience init(command: [String]) throws(PausedChildError) {
        try self.init(arguments: command.map { Array($0.utf8) })
    }

    /// Starts the command whose arguments are these bytes, exactly (argv need not be UTF-8: a
    /// file name may hold any byte but NUL). `command` shows them, bad bytes as `\xNN`.
    public init(arguments: [[UInt8]]) throws(PausedChildError) {
        guard let file = arguments.first, !file.isEmpty else { throw .emptyCommand }
        self.command = arguments.map { String(validating: $0, as: UTF8.self) ?? SafeText.escape(bytes: $0) }
        // A NUL would cut an argument short: none can come from a real argv.
        var cStrings: [UnsafeMutablePointer<CChar>?] = arguments.map { bytes in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBufferPointer { source in
                UnsafeMutableRawPointer(copy).copyMemory(from: source.baseAddress!, byteCount: bytes.count)
            }
            copy[bytes.count] = 0
            return copy
        }
        cStrings.append(nil)
        defer { for p in cStrings { p?.deallocate() } }
        var release: Int32 = -1
        var execError: Int32 = -1
        let pid = vmscope_spawn_paused(cStrings[0]!, cStrings, &release, &execError)
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
