import Foundation
import Synchronization

/// Runs `ProcessTableReader.scan()` off the input thread. A scan reads three or four files per
/// process and counts the lines of maps (2.7 ms for 75 processes in release, Benchmarks/README.md,
/// so tens of ms on a busy server and more in debug builds); done in the poll loop it would
/// stall typing in the picker's filter at every rescan. The loop polls `pollDescriptor`,
/// which turns readable when a scan has finished, and then calls `take()`.
public final class ProcessScanWorker: Sendable {
    /// Readable while a finished scan waits to be taken.
    public let pollDescriptor: Int32
    private let wakeDescriptor: Int32
    private let reader: ProcessTableReader
    private let queue = DispatchQueue(label: "vmscope.process-scan")
    private let state = Mutex(State())

    private struct State {
        var scanning = false
        var finished: [ProcessListing]?
    }

    /// Nil only when vmscope is out of file descriptors; the caller then scans in place.
    public init?(reader: ProcessTableReader = ProcessTableReader()) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        pollDescriptor = ends[0]
        wakeDescriptor = ends[1]
        self.reader = reader
    }

    deinit {
        close(pollDescriptor)
        close(wakeDescriptor)
    }

    /// Starts a scan unless one is already running (a slow scan is not queued up behind itself).
    public func request() {
        let start = state.withLock { state in
            if state.scanning { return false }
            state.scanning = true
            return true
        }
        guard start else { return }
        // The block holds the worker, so the descriptors outlive a scan that is still running.
        queue.async { [self] in
            let listings = reader.scan()
            state.withLock { state in
                state.finished = listings
                state.scanning = false
            }
            var byte: UInt8 = 1
            _ = write(wakeDescriptor, &byte, 1)
        }
    }

    /// The newest finished scan, once; nil when none has finished since the last take.
    public func take() -> [ProcessListing]? {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(pollDescriptor, &sink, sink.count) > 0 {}
        return state.withLock { state in
            defer { state.finished = nil }
            return state.finished
        }
    }
}
