import Glibc
import VMScopeCore

/// Full paths of file mappings from /proc/PID/map_files (links named START-END in hex, one
/// per VMA; reading them needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE: root has them, the
/// README's setcap line does not grant them, and then the kernel-side path is what shows).
/// Only the mapping's exact range is looked up: a link for another range, even at the same
/// address, may be a later mapping of another file. And the link's path is taken only through
/// `MappedFile.completed(by:device:inode:)` with the device and inode of the file the link
/// leads to, because the range may have been unmapped and mapped again since the call.
enum MapFiles {
    /// `file` with its full path when the kernel's was cut (`…/`) and the map_files link for
    /// exactly `start..<end` of `pid` leads to the same file; otherwise `file` unchanged.
    static func complete(_ file: MappedFile, pid: Int32, start: UInt64, end: UInt64) -> MappedFile {
        guard file.isTruncated else { return file } // a rooted path is the kernel's own: kept
        let link = "/proc/\(pid)/map_files/" + String(start, radix: 16) + "-" + String(end, radix: 16)
        guard case .success(let target) = ProcFileReader.readLink(link) else { return file }
        var status = stat()
        guard stat(link, &status) == 0 else { return file } // stat follows the link to the file
        return file.completed(by: target, device: kernelDevice(UInt64(status.st_dev)), inode: UInt64(status.st_ino))
    }

    /// `end` of a mapping of `length` bytes at `address` (the kernel rounds up to pages).
    static func pageEnd(address: UInt64, length: UInt64) -> UInt64 {
        let page: UInt64 = 4096
        return address &+ ((length &+ page &- 1) & ~(page &- 1))
    }

    /// glibc's dev_t encoding (major and minor split across the 64 bits) as the kernel's
    /// (major << 20 | minor), which the probe sends.
    static func kernelDevice(_ glibc: UInt64) -> UInt64 {
        let major = ((glibc >> 8) & 0xfff) | ((glibc >> 32) & ~UInt64(0xfff))
        let minor = (glibc & 0xff) | ((glibc >> 12) & ~UInt64(0xff))
        return (major << 20) | minor
    }
}
