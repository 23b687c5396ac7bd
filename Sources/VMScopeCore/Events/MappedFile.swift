/// The file behind a file mapping, as the kernel named it: its path, and the device and inode
/// that say which file it is whatever the path. The kernel walks at most a few directory levels
/// up from the file, so a deep path starts with `…/`; a later lookup (the mapping's map_files
/// link) may fill in the rest only if it names the same file (`completed(by:)`).
public struct MappedFile: Sendable, Hashable {
    public var path: String
    /// The kernel's dev_t (major << 20 | minor); 0 when unknown.
    public var device: UInt64
    public var inode: UInt64

    public init(path: String, device: UInt64 = 0, inode: UInt64 = 0) {
        self.path = path
        self.device = device
        self.inode = inode
    }

    /// The prefix of a path whose leading directories the kernel did not walk.
    public static let truncationMark = "…/"

    /// Whether the kernel's walk stopped before the root, so leading directories are missing.
    public var isTruncated: Bool { path.hasPrefix(Self.truncationMark) }

    /// This file with the full path `candidate` (from a later lookup) when that provably names
    /// the same file: the device and inode match (when both are known), and the components the
    /// kernel sent are the candidate's last components. Otherwise self, unchanged.
    public func completed(by candidate: String, device candidateDevice: UInt64? = nil,
                          inode candidateInode: UInt64? = nil) -> MappedFile {
        if let candidateInode, inode != 0, candidateInode != inode { return self }
        if let candidateDevice, device != 0, candidateDevice != device { return self }
        let known = isTruncated ? String(path.dropFirst(Self.truncationMark.count)) : path
        guard candidate == known || candidate.hasSuffix("/" + known) else { return self }
        var full = self
        full.path = candidate
        return full
    }
}
