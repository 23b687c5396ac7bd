/// A PT_LOAD program header: the bytes of the file at `fileOffset` are mapped at `virtualAddress`
/// (plus the load bias the kernel or the loader chose, which the mapping itself accounts for).
public struct ELFLoadSegment: Sendable, Hashable {
    public var fileOffset: UInt64
    public var virtualAddress: UInt64
    public var fileSize: UInt64

    public init(fileOffset: UInt64, virtualAddress: UInt64, fileSize: UInt64) {
        self.fileOffset = fileOffset
        self.virtualAddress = virtualAddress
        self.fileSize = fileSize
    }
}
