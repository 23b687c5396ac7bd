import Foundation
import Glibc
import Synchronization

/// Keeps the input being tried where a signal handler can reach it, so a crash (a Swift trap is
/// SIGILL or SIGTRAP, a bad pointer SIGSEGV) or a hang leaves the input behind in a file instead
/// of only a dead test process. The handler uses only async-signal-safe calls (open, write).
enum CrashCapture {
    static let capacity = 1 << 20
    nonisolated(unsafe) static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    nonisolated(unsafe) static var length = 0
    nonisolated(unsafe) static var path: UnsafeMutablePointer<CChar>? = nil
    /// Monotonic nanoseconds when the current input started, 0 between inputs; the watchdog reads it.
    static let startedAt = Atomic<UInt64>(0)
    nonisolated(unsafe) static var installed = false
    nonisolated(unsafe) static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    /// Where this target's crash input goes: $VMSCOPE_FUZZ_OUT (default /tmp/vmscope-fuzz)/crash-NAME.
    static func begin(target name: String) {
        let directory = getenv("VMSCOPE_FUZZ_OUT").map { String(cString: $0) } ?? "/tmp/vmscope-fuzz"
        mkdir(directory, 0o755)
        free(path)
        path = strdup("\(directory)/crash-\(name)")
        installOnce()
    }

    static func set(_ input: [UInt8]) {
        let count = min(input.count, capacity)
        input.withUnsafeBufferPointer { if let base = $0.baseAddress, count > 0 { buffer.update(from: base, count: count) } }
        length = count
        startedAt.store(now(), ordering: .relaxed)
    }

    static func clear() { startedAt.store(0, ordering: .relaxed) }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Writes the current input out; called from the signal handler and the watchdog.
    static func dump() {
        // Between inputs (or in another test after the fuzzing) the buffer is not the culprit.
        guard let path, startedAt.load(ordering: .relaxed) != 0 else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        _ = write(fd, buffer, length)
        close(fd)
        let note = "\nvmscope fuzz: the failing input was written to "
        _ = write(2, note, note.utf8.count)
        _ = write(2, path, strlen(path))
        _ = write(2, "\n", 1)
    }

    private static func installOnce() {
        guard !installed else { return }
        installed = true
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                CrashCapture.dump()
                // Hand over to whoever handled it before (Swift's backtracer prints the stack):
                // a faulting instruction faults again on return; a raised signal is raised again.
                sigaction(number, &CrashCapture.previous[Int(number)], nil)
                if number != SIGILL && number != SIGSEGV && number != SIGBUS && number != SIGFPE { raise(number) }
            }
            sigaction(signal, &action, &previous[Int(signal)])
        }
        // A hang never returns to the loop, so a thread watches the clock.
        let watchdog = Thread { CrashCapture.watch() }
        watchdog.start()
    }

    /// An input that runs for more than this is a hang: the slowest legitimate one takes
    /// milliseconds even in a debug build.
    static let hangNanoseconds: UInt64 = 10_000_000_000

    private static func watch() {
        while true {
            usleep(200_000)
            let started = startedAt.load(ordering: .relaxed)
            if started != 0, now() &- started > hangNanoseconds {
                let note = "\nvmscope fuzz: an input ran for more than 10 s (a hang)"
                _ = write(2, note, note.utf8.count)
                dump()
                abort()
            }
        }
    }
}
