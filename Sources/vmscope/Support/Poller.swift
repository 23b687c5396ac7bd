import Glibc

/// Waits on several descriptors at once with poll(2): the ring buffer, signals, the keyboard.
/// The one place the run loop sleeps, so idle costs nothing.
struct Poller {
    /// Returns the descriptors that became readable (or hung up) within `timeoutMilliseconds`.
    static func wait(for descriptors: [Int32], timeoutMilliseconds: Int32) -> Set<Int32> {
        var fds = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let n = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        guard n > 0 else { return [] }
        return Set(fds.filter { $0.revents != 0 }.map(\.fd))
    }
}
