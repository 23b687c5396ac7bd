/// The address ranges an event touched, page-aligned as the kernel applies them: what the diff
/// uses to say which events caused which change.
enum EventFootprint {
    /// The ranges a call touched (both ends of an mremap); empty for what touches no range
    /// (forks, execs, exits, lost reports), for failed calls (they changed nothing), for
    /// whole-space locks and for faults (counted apart, see `faultBucket`).
    static func ranges(of kind: MemoryEventKind) -> [Range<UInt64>] {
        switch kind {
        case let .brk(oldBreak, newBreak, _):
            let low = AddressSpaceEditor.pageAlignUp(min(oldBreak, newBreak))
            let high = AddressSpaceEditor.pageAlignUp(max(oldBreak, newBreak))
            return low < high ? [low..<high] : []
        case let .mmap(address, length, _, _, _, _, _), let .munmap(address, length),
             let .mprotect(address, length, _), let .pkeyMprotect(address, length, _, _),
             let .madvise(address, length, _), let .mseal(address, length, _),
             let .shmat(address, length, _, _), let .shmdt(address, length),
             let .aioSetup(address, length), let .aioDestroy(address, length):
            return nonEmpty(AddressSpaceEditor.pageRange(start: address, length: length))
        case let .memoryLock(_, address, length, _):
            return length == 0 ? [] : nonEmpty(AddressSpaceEditor.pageRange(start: address, length: length))
        case let .mremap(oldAddress, oldLength, newAddress, newLength, _):
            let old = AddressSpaceEditor.pageRange(start: oldAddress, length: oldLength)
            let new = AddressSpaceEditor.pageRange(start: newAddress, length: newLength)
            if old.overlaps(new) || old.upperBound == new.lowerBound {
                return nonEmpty(min(old.lowerBound, new.lowerBound)..<max(old.upperBound, new.upperBound))
            }
            return nonEmpty(old) + nonEmpty(new)
        case .pageFault, .faultCounts, .failed, .fork, .execStarted, .exec, .layout, .exit, .lost:
            return []
        }
    }

    /// The range and count of a kernel fault bucket; nil for every other event.
    static func faultBucket(of kind: MemoryEventKind) -> (range: Range<UInt64>, count: UInt64)? {
        guard case let .faultCounts(address, size, count) = kind, size > 0 else { return nil }
        let (end, overflow) = address.addingReportingOverflow(size)
        return (address..<(overflow ? .max : end), count)
    }

    /// Calls that create a mapping where there was none (not brk or mremap, which extend one):
    /// a region that grew by exactly such ranges had a new mapping merged into it.
    static func createdRange(of kind: MemoryEventKind) -> Range<UInt64>? {
        switch kind {
        case let .mmap(address, length, _, _, _, _, _), let .shmat(address, length, _, _),
             let .aioSetup(address, length):
            let range = AddressSpaceEditor.pageRange(start: address, length: length)
            return range.isEmpty ? nil : range
        default:
            return nil
        }
    }

    /// mremap moves (new address differs), in order, as (old range, new start).
    static func move(of kind: MemoryEventKind) -> (from: Range<UInt64>, to: UInt64)? {
        guard case let .mremap(oldAddress, oldLength, newAddress, _, _) = kind, newAddress != oldAddress else {
            return nil
        }
        let range = AddressSpaceEditor.pageRange(start: oldAddress, length: oldLength)
        return range.isEmpty ? nil : (range, newAddress)
    }

    private static func nonEmpty(_ range: Range<UInt64>) -> [Range<UInt64>] {
        range.isEmpty ? [] : [range]
    }
}
