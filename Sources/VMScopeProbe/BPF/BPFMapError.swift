import Foundation

/// A map operation on the loaded probe failed after a successful load (rare: the watched set is
/// full, or the process vanished). One line, naming the operation.
public enum BPFMapError: Error, CustomStringConvertible, Sendable, Equatable {
    case operationFailed(String, errno: Int32)
    case watchedSetFull(limit: Int)
    case noSuchProcess(pid: Int32)

    public var description: String {
        switch self {
        case .operationFailed(let what, let code):
            "eBPF: could not \(what): \(String(cString: strerror(code)))"
        case .watchedSetFull(let limit):
            "eBPF: already watching \(limit) processes; unwatch some first"
        case .noSuchProcess(let pid):
            "no process with pid \(pid); pick a running process"
        }
    }
}
