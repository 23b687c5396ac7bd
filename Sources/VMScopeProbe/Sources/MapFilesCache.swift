import VMScopeCore

/// Full paths of file mappings from /proc/PID/map_files (links named START-END in hex, one
/// per VMA; reading them needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE: root has them, the
/// README's setcap line does not grant them, and then the kernel-side path is what shows).
/// Only the mapping's exact range is looked up: a link for another range, even at the same
/// address, may be a later mapping of another file. The caller still checks that the link
/// names the same file (`MappedFile.completed(by:)`), because the range may have been unmapped
/// and mapped again since the call.
struct MapFilesCache {
    mutating func path(pid: Int32, address: UInt64, length: UInt64) -> String? {
        let page: UInt64 = 4096
        let end = address &+ ((length &+ page &- 1) & ~(page &- 1))
        let link = "/proc/\(pid)/map_files/" + String(address, radix: 16) + "-" + String(end, radix: 16)
        return try? ProcFileReader.readLink(link).get()
    }
}
