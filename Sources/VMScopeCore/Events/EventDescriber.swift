/// Turns events into `EventDescription`s. One place decides how every kind of event reads, so
/// `trace` and the live view's event log agree.
public enum EventDescriber {
    static let pageSize: UInt64 = 4096

    static func pageAlignUp(_ n: UInt64) -> UInt64 { (n &+ pageSize &- 1) & ~(pageSize &- 1) }

    public static func describe(_ event: MemoryEvent) -> EventDescription {
        switch event.kind {
        case let .brk(old, new, _):
            let grew = new >= old
            let low = min(old, new), high = max(old, new)
            return EventDescription(label: grew ? "brk+" : "brk-", range: low..<high, bytes: high - low,
                                    detail: "break \(AddressFormatter.format(old)) → \(AddressFormatter.format(new))")
        case let .mmap(address, length, protection, flags, fd, offset, file):
            var detail = "\(protection) \(flags)"
            if !flags.contains(.anonymous) {
                detail += " fd \(fd)"
                if offset != 0 { detail += " @0x" + String(offset, radix: 16) }
            }
            if let file { detail += " " + SafeText.escape(file.path) }
            let length = pageAlignUp(length)
            return EventDescription(label: "mmap", range: address..<(address &+ length), bytes: length,
                                    detail: detail)
        case let .munmap(address, length):
            let length = pageAlignUp(length)
            return EventDescription(label: "munmap", range: address..<(address &+ length), bytes: length)
        case let .mremap(oldAddress, oldLength, newAddress, newLength, flags):
            let newLength = pageAlignUp(newLength)
            var detail = "from \(AddressFormatter.format(oldAddress)) (\(ByteFormatter.format(pageAlignUp(oldLength))))"
            detail += newAddress == oldAddress ? " in place" : " moved"
            if flags & 4 != 0 { detail += " DONTUNMAP" }
            return EventDescription(label: "mremap", range: newAddress..<(newAddress &+ newLength),
                                    bytes: newLength, detail: detail)
        case let .mprotect(address, length, protection):
            let length = pageAlignUp(length)
            return EventDescription(label: "mprotect", range: address..<(address &+ length), bytes: length,
                                    detail: "\(protection)")
        case let .pkeyMprotect(address, length, protection, pkey):
            let length = pageAlignUp(length)
            return EventDescription(label: "mprotect", range: address..<(address &+ length), bytes: length,
                                    detail: "\(protection) pkey \(pkey)")
        case let .madvise(address, length, advice):
            let length = pageAlignUp(length)
            // Allocators give memory back this way: RSS drops while every region stays.
            let detail = advice.releasesMemory
                ? advice.description + " gave back " + ByteFormatter.format(length) + " (RSS drops, no region changes)"
                : advice.description
            return EventDescription(label: "madvise", range: address..<(address &+ length), bytes: length, detail: detail)
        case let .memoryLock(call, address, length, flags):
            let whole = call == .mlockall || call == .munlockall
            let length = pageAlignUp(length)
            var detail = ""
            if call == .mlockall { detail = lockAllFlags(flags) } else if flags != 0 { detail = "ONFAULT" }
            return EventDescription(label: call.description, range: whole ? nil : address..<(address &+ length),
                                    bytes: whole ? nil : length, detail: detail)
        case let .mseal(address, length, _):
            let length = pageAlignUp(length)
            return EventDescription(label: "mseal", range: address..<(address &+ length), bytes: length,
                                    detail: "sealed: no unmap, move or re-protect")
        case let .shmat(address, length, shmid, readOnly):
            let length = pageAlignUp(length)
            return EventDescription(label: "shmat", range: address..<(address &+ length), bytes: length,
                                    detail: "shmid \(shmid) " + (readOnly ? "r--s" : "rw-s"))
        case let .shmdt(address, length):
            let length = pageAlignUp(length)
            return EventDescription(label: "shmdt", range: address..<(address &+ length), bytes: length)
        case let .aioSetup(address, length):
            let length = pageAlignUp(length)
            return EventDescription(label: "io_setup", range: address..<(address &+ length), bytes: length,
                                    detail: "aio ring")
        case let .aioDestroy(address, length):
            let length = pageAlignUp(length)
            return EventDescription(label: "io_destroy", range: address..<(address &+ length), bytes: length,
                                    detail: "aio ring")
        case let .pageFault(address, errorCode):
            return EventDescription(label: "fault", range: address..<(address &+ 1),
                                    detail: faultDetail(errorCode))
        case let .faultCounts(address, size, count):
            return EventDescription(label: "faults", range: address..<(address &+ size), count: count,
                                    detail: "\(count) faults")
        case let .failed(syscall, errno, address, length):
            return EventDescription(label: "FAIL", range: length > 0 ? address..<(address &+ length) : nil,
                                    bytes: length > 0 ? length : nil,
                                    detail: "\(syscall) \(ErrnoName.name(errno)) addr \(AddressFormatter.format(address))")
        case let .fork(childPid, isThread):
            return EventDescription(label: isThread ? "thread" : "fork",
                                    detail: (isThread ? "new thread " : "child pid ") + String(childPid))
        case .execStarted:
            return EventDescription(label: "execve", detail: "replacing the program")
        case let .exec(filename):
            return EventDescription(label: "exec", detail: SafeText.escape(filename))
        case let .layout(layout):
            return EventDescription(label: "layout", count: UInt64(layout.regions.count),
                                    detail: "\(layout.regions.count) regions read in the kernel at \(layout.moment.rawValue)"
                                        + (layout.isComplete ? "" : " (incomplete)"))
        case let .exit(status):
            return EventDescription(label: "exit", detail: ExitStatus(status).description)
        case let .lost(count):
            return EventDescription(label: "lost", count: count, detail: "\(count) records dropped (ring buffer full)")
        }
    }

    /// mlockall's MCL_* bits.
    static func lockAllFlags(_ flags: UInt32) -> String {
        var names: [String] = []
        if flags & 1 != 0 { names.append("CURRENT") }
        if flags & 2 != 0 { names.append("FUTURE") }
        if flags & 4 != 0 { names.append("ONFAULT") }
        let rest = flags & ~7
        if rest != 0 { names.append("0x" + String(rest, radix: 16)) }
        return names.joined(separator: "|")
    }

    /// Describes a fault run produced by `FaultRun.coalesce`.
    public static func describe(_ run: FaultRun) -> EventDescription {
        EventDescription(label: "faults", range: run.start..<run.end, count: run.count,
                         detail: "")
    }

    /// Where a fault burst landed, for its detail: "in lib-text /usr/lib/libc.so.6" (the path
    /// escaped, being untrusted).
    public static func location(_ region: Region) -> String {
        "in " + region.kind.label + (region.pathname.isEmpty ? "" : " " + SafeText.escape(region.pathname))
    }

    /// x86 page-fault error code bits: P (protection), W (write), U (user), I (instruction fetch).
    static func faultDetail(_ code: UInt64) -> String {
        var parts: [String] = []
        parts.append(code & 0x1 != 0 ? "protection" : "not-present")
        parts.append(code & 0x2 != 0 ? "write" : "read")
        if code & 0x10 != 0 { parts.append("exec") }
        return parts.joined(separator: " ")
    }
}
