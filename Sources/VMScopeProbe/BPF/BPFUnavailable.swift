import Foundation

/// Why the eBPF event source cannot run here. `description` is one line naming what is missing
/// and how to fix it; the caller prints it and falls back to /proc polling.
public enum BPFUnavailable: Error, CustomStringConvertible, Sendable, Equatable {
    /// Neither CAP_SYS_ADMIN nor both CAP_BPF and CAP_PERFMON are in the effective set.
    /// `isRoot`: the uid is 0 but the capabilities were taken away (container, bounding set).
    case notPrivileged(missing: [String], isRoot: Bool)
    /// /sys/kernel/btf/vmlinux is absent: CO-RE cannot relocate the program's field accesses.
    case noBTF(path: String)
    /// The kernel (or libbpf) refused a step; `message` is libbpf's last word on it.
    case kernelRefused(step: String, errno: Int32, message: String?)
    /// The embedded object could not be decoded (a build problem, not a machine problem).
    case corruptObject

    /// A few words for the live view's header: what is missing and where the fix is (the full
    /// `description` goes to stderr, and the README has the setcap line).
    public var headerNote: String {
        switch self {
        case .notPrivileged(let missing, let isRoot):
            return "no " + missing.joined(separator: "+")
                + (isRoot ? ": capabilities dropped, grant them to the container" : ": run as root or setcap, see README")
        case .noBTF:
            return "kernel has no BTF"
        case .kernelRefused(let step, let code, _):
            return "kernel refused to \(step): \(String(cString: strerror(code)))"
        case .corruptObject:
            return "eBPF object damaged, rebuild"
        }
    }

    public var description: String {
        switch self {
        case .notPrivileged(let missing, let isRoot):
            let names = missing.joined(separator: " and ")
            if isRoot {
                return "eBPF unavailable: running as root but without \(names) (dropped by a container or the "
                    + "capability bounding set); grant them, e.g. docker run --cap-add BPF --cap-add PERFMON"
            }
            return "eBPF unavailable: not root and missing \(names); "
                + "run as root or grant them: sudo setcap cap_bpf,cap_perfmon,cap_sys_ptrace+ep <vmscope binary>"
        case .noBTF(let path):
            return "eBPF unavailable: the kernel exposes no BTF (\(path) is missing); "
                + "use a kernel built with CONFIG_DEBUG_INFO_BTF=y"
        case .kernelRefused(let step, let code, let message):
            var line = "eBPF unavailable: the kernel refused to \(step) (\(String(cString: strerror(code))))"
            if let message, !message.isEmpty { line += ": \(SafeLine.clip(message))" }
            switch code {
            case EPERM, EACCES:
                line += "; check kernel lockdown, kernel.unprivileged_bpf_disabled and container seccomp/capabilities"
            case ENOENT, EINVAL, EOPNOTSUPP:
                line += "; this kernel lacks a hook vmscope needs (raw tracepoints sys_enter/sys_exit, page_fault_user, sched_process_*)"
            default:
                break
            }
            return line
        case .corruptObject:
            return "eBPF unavailable: the embedded eBPF object is damaged; rebuild vmscope"
        }
    }
}
