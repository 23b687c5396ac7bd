import Foundation
import Glibc

/// Whether this machine can load vmscope's eBPF programs, and if not, why: the reason shows in
/// the test report as the skip reason, so a missing eBPF path is never a silent pass.
enum KernelSupport {
    static var bpfMissingReason: String? {
        if geteuid() != 0 { return "eBPF tests need root (or CAP_BPF+CAP_PERFMON); running as uid \(geteuid())" }
        if !FileManager.default.fileExists(atPath: "/sys/kernel/btf/vmlinux") {
            return "eBPF tests need kernel BTF at /sys/kernel/btf/vmlinux"
        }
        return nil
    }

    static var bpfAvailable: Bool { bpfMissingReason == nil }
}
