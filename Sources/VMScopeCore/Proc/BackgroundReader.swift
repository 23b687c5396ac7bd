import Foundation
import Synchronization

/// Runs slow /proc reads off the poll loop's thread: a scan of every process for the picker,
/// smaps or smaps_rollup of a process with tens of thousands of mappings (177 ms for smaps
/// alone at 60 000). Done in the loop they would stall every key press behind them. The loop
/// polls `pollDescriptor`, which turns readable when a read has finished, then calls `take()`.
public final class BackgroundReader<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Readable while finished reads wait to be taken.
    public let pollDescriptor: Int32
    private let wakeDescriptor: Int32
    private let queue: DispatchQueue
    private let state = Mutex(State())

    private struct State {
        var running: Set<Key> = []
        var finished: [Key: Value] = [:]
    }

    /// Nil only when vmscope is out of file descriptors; the caller then reads in place.
    public init?(label: String) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        pollDescriptor = ends[0]
        wakeDescriptor = ends[1]
        queue = DispatchQueue(label: label)
    }

    deinit {
        close(pollDescriptor)
        close(wakeDescriptor)
    }

    /// Starts `read` for `key` unless a read for it is still running (a slow read is not queued
    /// up behind itself). Returns whether it started.
    @discardableResult
    public func request(_ key: Key, _ read: @escaping @Sendable () -> Value) -> Bool {
        let start = state.withLock { state in state.running.insert(key).inserted }
        guard start else { return false }
        // The block holds the reader, so the descriptors outlive a read that is still running.
        queue.async { [self] in
            let value = read()
            state.withLock { state in
                state.finished[key] = value
                state.running.remove(key)
            }
            var byte: UInt8 = 1
            _ = write(wakeDescriptor, &byte, 1)
        }
        return true
    }

    /// Whether a read for `key` has started and not been taken yet.
    public func isPending(_ key: Key) -> Bool {
        state.withLock { $0.running.contains(key) }
    }

    /// The reads finished since the last take (the newest per key), once.
    public func take() -> [Key: Value] {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(pollDescriptor, &sink, sink.count) > 0 {}
        return state.withLock { state in
            defer { state.finished = [:] }
            return state.finished
        }
    }
}
