import Foundation
import Glibc

/// A process started with posix_spawn, stdout and stderr going to files (never a pipe that could
/// fill), with a clean signal mask and default dispositions: test workers block signals, and a
/// child would inherit that (a blocked SIGINT never reaches vmscope's handler, a blocked SIGTERM
/// never stops a workload).
final class SpawnedProcess {
    let pid: pid_t
    let standardOutputFile: URL
    let standardErrorFile: URL
    private var reaped: Int32?

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(_ executable: URL, _ arguments: [String], outputDirectory: URL, name: String) throws {
        standardOutputFile = outputDirectory.appendingPathComponent("\(name).stdout")
        standardErrorFile = outputDirectory.appendingPathComponent("\(name).stderr")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, standardErrorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable.path, &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(executable.path): \(String(cString: strerror(spawned)))")
        }
        pid = child
    }

    deinit {
        if reaped == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }

    func signal(_ number: Int32) { if reaped == nil { kill(pid, number) } }

    /// Waits for the process to end; its exit status as a shell reports it (the code, or 128 +
    /// the signal), or nil when `timeout` passed first (the process is then killed and reaped).
    func wait(timeout: Duration) -> Int32? {
        if let reaped { return reaped }
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { return nil }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                reaped = -1
                return nil
            }
            usleep(2_000)
        }
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        reaped = code
        return code
    }

    var standardOutput: String { (try? String(contentsOf: standardOutputFile, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOf: standardErrorFile, encoding: .utf8)) ?? "" }
}
