import Foundation
import VMScopeCore

/// Full paths of file mappings from /proc/PID/map_files (links named START-END in hex, one
/// per VMA; reading them needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE: root has them, the
/// README's setcap line does not grant them, and then the kernel-side path is what shows). The
/// exact range is tried first; when the loader has since split or overlaid the mapping, any
/// VMA starting at the same address names the same file. The directory is listed at most once
/// per pid per drain.
struct MapFilesCache {
    private var listings: [Int32: [UInt64: String]] = [:]

    mutating func path(pid: Int32, address: UInt64, length: UInt64) -> String? {
        let page: UInt64 = 4096
        let end = address &+ ((length &+ page &- 1) & ~(page &- 1))
        let directory = "/proc/\(pid)/map_files/"
        let exact = directory + String(address, radix: 16) + "-" + String(end, radix: 16)
        if let target = try? ProcFileReader.readLink(exact).get() {
            return target
        }
        if listings[pid] == nil {
            var byStart: [UInt64: String] = [:]
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                guard let dash = entry.firstIndex(of: "-"),
                      let start = UInt64(entry[..<dash], radix: 16) else { continue }
                byStart[start] = entry
            }
            listings[pid] = byStart
        }
        guard let entry = listings[pid]?[address] else { return nil }
        return try? ProcFileReader.readLink(directory + entry).get()
    }
}
