import Testing
import VMScopeProbe

/// Whether the real probe loads on this machine, decided once for the whole test run. Tests
/// that need the kernel are disabled with this reason (shown by the test runner) instead of
/// passing without having looked at anything.
enum ProbeAvailability {
    static let unavailableReason: String? = {
        do throws(BPFUnavailable) {
            let source = try BPFEventSource.open()
            source.close()
            return nil
        } catch {
            return error.description
        }
    }()

    static var isAvailable: Bool { unavailableReason == nil }

    static var skipComment: Comment {
        Comment(rawValue: "SKIPPED (needs a loadable eBPF probe): " + (unavailableReason ?? "available"))
    }
}
