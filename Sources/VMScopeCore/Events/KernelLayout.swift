/// A process's address space read by the probe inside the kernel, at a moment no /proc read can
/// catch exactly: right after exec built the new image, and at exit while the memory is still
/// there. Regions are sorted and carry what the kernel knows of them (extent, permissions,
/// offset, device, inode, a name); `isComplete` is false when the probe stopped early (too many
/// regions), and then the layout must not be taken as the whole truth.
public struct KernelLayout: Sendable, Hashable {
    public enum Moment: String, Sendable, Hashable {
        /// The new program's image as exec left it, before it ran an instruction.
        case exec
        /// The last layout, as the process exits.
        case exit
    }

    public var moment: Moment
    public var regions: [Region]
    public var isComplete: Bool

    public init(moment: Moment, regions: [Region], isComplete: Bool) {
        self.moment = moment
        self.regions = regions
        self.isComplete = isComplete
    }
}
