import Dispatch
import Foundation
import VMScopeCore

/// Opens the event source on a thread of its own. Loading the eBPF probe (the kernel verifies
/// every program) takes longer than everything else the live view does before its first frame,
/// so the view draws that frame, saying it is attaching, while the load runs on the other core.
///
/// `wait()` hands the source to the caller's thread; the loading thread has finished with it by
/// then and never touches it again.
final class SourceOpening: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Written once by the loading thread before `finished` is signalled, read after the wait.
    private var opened: (source: EventSource, note: String?, warning: String?)?

    init(noBPF: Bool, ringBufferMiB: Int, stacks: Bool) {
        // A thread of its own, not a Dispatch worker: the load blocks in system calls throughout.
        Thread.detachNewThread { [self] in
            opened = SourceOptions.open(noBPF: noBPF, ringBufferMiB: ringBufferMiB, stacks: stacks)
            finished.signal()
        }
    }

    /// The source (eBPF, or polling with its note and the warning to print), once opened.
    func wait() -> (source: EventSource, note: String?, warning: String?) {
        finished.wait()
        finished.signal() // a second wait returns at once
        return opened!
    }
}
