/// How the reader decodes each record's payload: the mirror image of
/// `RecordingWriter+Encoding`. Every value out of range is a failure at its offset.
extension RecordingReader {
    func decode(type: UInt8, _ c: inout RecordingCursor) throws(RecordingFailure) -> RecordingEntry? {
        guard let known = RecordType(rawValue: type) else {
            if type & RecordType.optionalBit != 0 { return nil } // a newer minor's addition: skipped
            throw RecordingFailure(offset: recordOffset, message: "unknown record type \(type) (corrupt)")
        }
        switch known {
        case .header:
            throw RecordingFailure(offset: recordOffset, message: "a second header (corrupt)")
        case .string:
            strings.append(try c.text())
            return nil
        case .stack:
            stacks.append(try decodeStack(&c))
            return nil
        case .start:
            let words = try c.count(minimumSize: 1, "word count")
            var command: [String] = []
            for _ in 0..<words { command.append(try c.text()) }
            let pidCount = try c.count(minimumSize: 1, "pid count")
            var pids: [Int32] = []
            for _ in 0..<pidCount { pids.append(try c.int32()) }
            let source = try c.text()
            let note = try c.bool() ? try c.text() : nil
            let follow = try c.bool()
            let time = try c.delta(from: header.monotonicStart)
            return .start(TraceStart(command: command, pids: pids, source: source, note: note,
                                     followChildren: follow, time: time))
        case .joined:
            let pid = try c.int32()
            let reason = try decodeJoinReason(&c)
            let joinedAt = try c.delta(from: header.monotonicStart)
            let identity = try c.bool() ? try decodeIdentity(&c) : nil
            let allowance = try c.varint()
            joinedPids.append(pid)
            return .joined(RecordedJoin(pid: pid, reason: reason, joinedAt: joinedAt, identity: identity,
                                        inFlightAllowance: allowance))
        case .events:
            let serial = try decodeSerial(&c)
            let continues = try c.bool()
            let count = try c.count(minimumSize: 3, "event count")
            var events: [MemoryEvent] = []
            events.reserveCapacity(count)
            for _ in 0..<count { events.append(try decodeEvent(pid: -1, state: serial, &c)) }
            return .events(serial: serial, events: events, continues: continues)
        case .snapshot:
            let serial = try decodeSerial(&c)
            let snapshot = try decodeSnapshot(serial: serial, &c)
            let report = RecordedReport(eventsApplied: try c.int(), lateEventsIgnored: try c.int(), lost: try c.varint(),
                                        unexplained: try c.int(), expected: try c.int())
            return .snapshot(serial: serial, snapshot: snapshot, recorded: report)
        case .lost:
            let event = try decodeEvent(pid: 0, state: -1, &c)
            guard case .lost = event.kind else { throw c.failure("a lost record holds another event (corrupt)") }
            return .lost(event)
        case .ended:
            let serial = try decodeSerial(&c)
            let ending = try decodeEnding(&c)
            return .ended(serial: serial, ending: ending, at: try c.delta(from: header.monotonicStart))
        case .identity:
            let serial = try decodeSerial(&c)
            return .identity(serial: serial, try decodeIdentity(&c))
        case .readProblem:
            let serial = try decodeSerial(&c)
            return .readProblem(serial: serial, try decodeProblem(&c))
        case .details:
            let serial = try decodeSerial(&c)
            let time = try c.delta(from: header.monotonicStart)
            return .details(serial: serial, time: time, try decodeDetail(&c))
        case .tickEnd:
            return .tickEnd(time: try c.delta(from: header.monotonicStart), lostTotal: try c.varint())
        }
    }

    // MARK: References

    private func decodeSerial(_ c: inout RecordingCursor) throws(RecordingFailure) -> Int {
        let at = c.offset
        let serial = try c.varint()
        guard serial < UInt64(joinedPids.count) else {
            throw RecordingFailure(offset: at, message: "process \(serial) never joined (corrupt)")
        }
        return Int(serial)
    }

    private func string(_ c: inout RecordingCursor) throws(RecordingFailure) -> String {
        let at = c.offset
        let id = try c.varint()
        guard id < UInt64(strings.count) else { throw RecordingFailure(offset: at, message: "string \(id) is not in the table (corrupt)") }
        return strings[Int(id)]
    }

    private func optionalString(_ c: inout RecordingCursor) throws(RecordingFailure) -> String? {
        let at = c.offset
        let id = try c.varint()
        if id == 0 { return nil }
        guard id - 1 < UInt64(strings.count) else { throw RecordingFailure(offset: at, message: "string \(id - 1) is not in the table (corrupt)") }
        return strings[Int(id - 1)]
    }

    private func decodeStack(_ c: inout RecordingCursor) throws(RecordingFailure) -> UserStack {
        let count = try c.count(minimumSize: 1, "stack depth")
        var addresses: [UInt64] = []
        addresses.reserveCapacity(count)
        var previous: UInt64 = 0
        for _ in 0..<count { previous = try c.delta(from: previous); addresses.append(previous) }
        let flagsAt = c.offset
        let flags = try c.byte()
        guard flags <= 3 else { throw RecordingFailure(offset: flagsAt, message: "stack flags \(flags) are not 0 to 3 (corrupt)") }
        let frameCount = try c.count(minimumSize: 5, "frame count")
        var frames: [StackFrame] = []
        frames.reserveCapacity(frameCount)
        previous = 0
        for _ in 0..<frameCount {
            previous = try c.delta(from: previous)
            frames.append(StackFrame(address: previous, module: try optionalString(&c), moduleOffset: try c.varint(),
                                     symbol: try optionalString(&c), symbolOffset: try c.varint(),
                                     buildID: try optionalString(&c)))
        }
        return UserStack(addresses: addresses, frames: frames, truncated: flags & 1 != 0, callerMayBeSkipped: flags & 2 != 0)
    }

    // MARK: Events

    /// One event. Its tgid is stored only when it differs from its process's pid: `pid`, or
    /// (-1) the pid of process `state`.
    func decodeEvent(pid: Int32, state: Int, _ c: inout RecordingCursor) throws(RecordingFailure) -> MemoryEvent {
        let flagsAt = c.offset
        let flags = try c.byte()
        guard flags & 0xC0 == 0, (flags >> 1) & 3 != 3 else { throw RecordingFailure(offset: flagsAt, message: "event flags \(flags) (corrupt)") }
        let timestamp = try c.delta(from: lastEventTime)
        lastEventTime = timestamp
        let tgid = flags & 1 != 0 ? try c.int32() : (pid >= 0 ? pid : joinedPids[state])
        let tidAt = c.offset
        let tidDelta = try c.signed()
        guard let tid = Int32(exactly: Int64(tgid) + tidDelta) else { throw RecordingFailure(offset: tidAt, message: "thread id out of range (corrupt)") }
        var address = lastAddress[state] ?? 0
        let kind = try decodeKind(address: &address, &c)
        lastAddress[state] = address
        let abi: SyscallABI? = switch (flags >> 1) & 3 { case 1: .x86_64; case 2: .i386; default: nil }
        var searches: [GapSearch] = []
        if flags & (1 << 3) != 0 {
            let count = try c.count(minimumSize: 6, "gap search count")
            var high = lastWindowHigh[state] ?? 0
            for _ in 0..<count { searches.append(try decodeGapSearch(address: address, high: &high, &c)) }
            lastWindowHigh[state] = high
        }
        let collision = flags & (1 << 4) != 0 ? try decodeCollision(&c) : nil
        var stack: UserStack?
        if flags & (1 << 5) != 0 {
            let at = c.offset
            let id = try c.varint()
            guard id < UInt64(stacks.count) else { throw RecordingFailure(offset: at, message: "stack \(id) is not in the table (corrupt)") }
            stack = stacks[Int(id)]
        }
        return MemoryEvent(timestamp: timestamp, tgid: tgid, tid: tid, kind: kind, abi: abi, gapSearches: searches,
                           collision: collision, stack: stack)
    }

    private func decodeKind(address last: inout UInt64, _ c: inout RecordingCursor) throws(RecordingFailure) -> MemoryEventKind {
        func address() throws(RecordingFailure) -> UInt64 { last = try c.delta(from: last); return last }
        func length() throws(RecordingFailure) -> UInt64 { try c.length(pageShift: pageShift) }
        func protection() throws(RecordingFailure) -> MapProtection { MapProtection(rawValue: try c.uint32()) }
        func syscall() throws(RecordingFailure) -> MemorySyscall {
            let at = c.offset
            guard let call = MemorySyscall(rawValue: try c.int32()) else { throw RecordingFailure(offset: at, message: "unknown system call (corrupt)") }
            return call
        }
        let tagAt = c.offset
        switch try c.byte() {
        case 0:
            let old = try address(), new = try address()
            return .brk(oldBreak: old, newBreak: new, requested: try c.delta(from: new))
        case 1:
            let start = try address(), size = try length(), prot = try protection()
            let flags = MapFlags(rawValue: try c.uint32()), fd = try c.int32(), offset = try length()
            var file: MappedFile?
            if try c.bool() { file = MappedFile(path: try string(&c), device: try c.varint(), inode: try c.varint()) }
            return .mmap(address: start, length: size, protection: prot, flags: flags, fd: fd, offset: offset, file: file)
        case 2: return .munmap(address: try address(), length: try length())
        case 3:
            let oldAddress = try address(), oldLength = try length(), newAddress = try address(), newLength = try length()
            return .mremap(oldAddress: oldAddress, oldLength: oldLength, newAddress: newAddress, newLength: newLength, flags: try c.uint32())
        case 4: return .mprotect(address: try address(), length: try length(), protection: try protection())
        case 5: return .pkeyMprotect(address: try address(), length: try length(), protection: try protection(), pkey: try c.int32())
        case 6: return .madvise(address: try address(), length: try length(), advice: MemoryAdvice(rawValue: try c.int32()))
        case 7:
            let call = try syscall()
            return .memoryLock(call: call, address: try address(), length: try length(), flags: try c.uint32())
        case 8: return .mseal(address: try address(), length: try length(), flags: try c.varint())
        case 9: return .shmat(address: try address(), length: try length(), shmid: try c.int32(), readOnly: try c.bool())
        case 10: return .shmdt(address: try address(), length: try length())
        case 11: return .aioSetup(address: try address(), length: try length())
        case 12: return .aioDestroy(address: try address(), length: try length())
        case 13: return .pageFault(address: try address(), errorCode: try c.varint())
        case 14: return .faultCounts(bucketAddress: try address(), bucketSize: try length(), count: try c.varint())
        case 15:
            let call = try syscall()
            return .failed(syscall: call, errno: try c.int32(), address: try address(), length: try length())
        case 16: return .fork(childPid: try c.int32(), isThread: try c.bool())
        case 17: return .execStarted
        case 18: return .exec(filename: try string(&c))
        case 19:
            let at = c.offset
            let moment: KernelLayout.Moment
            switch try c.byte() {
            case 0: moment = .exec
            case 1: moment = .exit
            default: throw RecordingFailure(offset: at, message: "unknown layout moment (corrupt)")
            }
            let complete = try c.bool()
            return .layout(KernelLayout(moment: moment, regions: try decodeRegions(&c), isComplete: complete))
        case 20: return .exit(status: try c.int32())
        case 21: return .lost(count: try c.varint())
        default: throw RecordingFailure(offset: tagAt, message: "unknown event kind (corrupt)")
        }
    }

    private func decodeGapSearch(address: UInt64, high: inout UInt64, _ c: inout RecordingCursor) throws(RecordingFailure) -> GapSearch {
        let length = try c.length(pageShift: pageShift)
        let lower = try c.length(pageShift: pageShift)
        let at = c.offset
        let upper = try c.delta(from: high)
        high = upper
        guard lower <= upper else { throw RecordingFailure(offset: at, message: "gap search window out of range (corrupt)") }
        let mask = try c.varint(), alignOffset = try c.varint()
        let presentAt = c.offset
        let present = try c.byte()
        guard present & 0xF0 == 0 else { throw RecordingFailure(offset: presentAt, message: "gap search flags (corrupt)") }
        let result = present & 2 != 0 ? try c.delta(from: address) : nil
        let free = present & 4 != 0 ? try c.length(pageShift: pageShift) : nil
        let largest = present & 8 != 0 ? try c.length(pageShift: pageShift) : nil
        return GapSearch(length: length, window: lower..<upper, alignMask: mask, alignOffset: alignOffset,
                         direction: present & 1 == 0 ? .topDown : .bottomUp, result: result,
                         freeInWindow: free, largestGapInWindow: largest)
    }

    private func decodeCollision(_ c: inout RecordingCursor) throws(RecordingFailure) -> Collision {
        let at = c.offset
        let kind: Collision.Kind
        switch try c.byte() {
        case 0:
            let requested = try c.varint()
            kind = .brkRefused(requested: requested, blockedBy: try decodeRegion(previousEnd: 0, &c))
        case 1: kind = .mmapBelowExecutable(imageStart: try c.varint())
        case 2: kind = .mmapBelowHeap(heapStart: try c.varint())
        default: throw RecordingFailure(offset: at, message: "unknown collision kind (corrupt)")
        }
        let rangeAt = c.offset
        let lower = try c.varint(), span = try c.varint()
        let (upper, overflow) = lower.addingReportingOverflow(span)
        guard !overflow else { throw RecordingFailure(offset: rangeAt, message: "collision range out of range (corrupt)") }
        return Collision(kind: kind, range: lower..<upper, reason: try string(&c))
    }

    // MARK: Regions and snapshots

    private func decodeRegion(previousEnd: UInt64, _ c: inout RecordingCursor) throws(RecordingFailure) -> Region {
        let at = c.offset
        let start = try c.delta(from: previousEnd)
        let (end, overflow) = start.addingReportingOverflow(try c.length(pageShift: pageShift))
        guard !overflow else { throw RecordingFailure(offset: at, message: "region extent out of range (corrupt)") }
        let bitsAt = c.offset
        let bits = try c.byte()
        guard bits & 0xE0 == 0 else { throw RecordingFailure(offset: bitsAt, message: "region permissions (corrupt)") }
        let kindAt = c.offset
        let kindIndex = Int(try c.byte())
        guard kindIndex < RegionKind.allCases.count else { throw RecordingFailure(offset: kindAt, message: "unknown region kind (corrupt)") }
        let offset = try c.length(pageShift: pageShift)
        let major = try c.uint32(), minor = try c.uint32(), inode = try c.varint()
        return Region(start: start, end: end,
                      permissions: Permissions(read: bits & 1 != 0, write: bits & 2 != 0, execute: bits & 4 != 0, shared: bits & 8 != 0),
                      offset: offset, deviceMajor: major, deviceMinor: minor, inode: inode, pathname: try string(&c),
                      isDeleted: bits & 16 != 0, kind: RegionKind.allCases[kindIndex])
    }

    /// A layout is sorted and its regions do not overlap (the model relies on it).
    private static func checkOrder(_ regions: [Region], at offset: Int) throws(RecordingFailure) {
        for index in regions.indices.dropFirst() where regions[index].start < regions[index - 1].end {
            throw RecordingFailure(offset: offset, message: "regions overlap or are out of order (corrupt)")
        }
    }

    private func decodeRegions(_ c: inout RecordingCursor) throws(RecordingFailure) -> [Region] {
        let regionsAt = c.offset
        let count = try c.count(minimumSize: 8, "region count")
        var regions: [Region] = []
        regions.reserveCapacity(count)
        var previousEnd: UInt64 = 0
        for _ in 0..<count {
            let region = try decodeRegion(previousEnd: previousEnd, &c)
            regions.append(region)
            previousEnd = region.end
        }
        try Self.checkOrder(regions, at: regionsAt)
        return regions
    }

    private func decodeSnapshot(serial: Int, _ c: inout RecordingCursor) throws(RecordingFailure) -> AddressSpaceSnapshot {
        let timestamp = try c.delta(from: header.monotonicStart)
        let readAt = c.offset
        let (readEnd, overflow) = timestamp.addingReportingOverflow(try c.varint())
        guard !overflow else { throw RecordingFailure(offset: readAt, message: "read time out of range (corrupt)") }
        let pid = try c.int32()
        let originAt = c.offset
        let origin: AddressSpaceSnapshot.Origin
        switch try c.byte() {
        case 0: origin = .proc
        case 1: origin = .kernel(.exec)
        case 2: origin = .kernel(.exit)
        default: throw RecordingFailure(offset: originAt, message: "unknown snapshot origin (corrupt)")
        }
        let identity = try c.bool() ? try decodeIdentity(&c) : nil
        let previous = lastRegions[serial] ?? []
        var regions: [Region] = []
        var cursor = 0
        let opsAt = c.offset
        let opCount = try c.count(minimumSize: 1, "edit count")
        for _ in 0..<opCount {
            let at = c.offset
            let op = try c.varint()
            let count = op >> 2
            switch op & 3 {
            case 0:
                guard count <= UInt64(previous.count - cursor) else { throw RecordingFailure(offset: at, message: "keeps more regions than the previous snapshot had (corrupt)") }
                regions.append(contentsOf: previous[cursor..<cursor + Int(count)])
                cursor += Int(count)
            case 1:
                guard count <= UInt64(previous.count - cursor) else { throw RecordingFailure(offset: at, message: "skips more regions than the previous snapshot had (corrupt)") }
                cursor += Int(count)
            case 2:
                guard count <= UInt64(c.remaining / 8) else { throw RecordingFailure(offset: at, message: "region count \(count) exceeds the record") }
                for _ in 0..<Int(count) { regions.append(try decodeRegion(previousEnd: regions.last?.end ?? 0, &c)) }
            default:
                throw RecordingFailure(offset: at, message: "unknown snapshot edit (corrupt)")
            }
        }
        try Self.checkOrder(regions, at: opsAt)
        lastRegions[serial] = regions
        return AddressSpaceSnapshot(timestamp: timestamp, readEnd: readEnd, pid: pid, regions: regions,
                                    identity: identity, origin: origin)
    }

    // MARK: Processes

    private func decodeIdentity(_ c: inout RecordingCursor) throws(RecordingFailure) -> ProcessIdentity {
        ProcessIdentity(pid: try c.int32(), command: try string(&c), startTimeTicks: try c.varint(),
                        executablePath: try optionalString(&c))
    }

    private func decodeJoinReason(_ c: inout RecordingCursor) throws(RecordingFailure) -> JoinReason {
        let at = c.offset
        switch try c.byte() {
        case 0: return .attached
        case 1: return .launched
        case 2: return .forked(parent: try c.int32())
        case 3: return .found
        default: throw RecordingFailure(offset: at, message: "unknown join reason (corrupt)")
        }
    }

    private func decodeEnding(_ c: inout RecordingCursor) throws(RecordingFailure) -> ProcessEnding {
        let at = c.offset
        switch try c.byte() {
        case 0: return .exited(status: try c.int32())
        case 1: return .gone
        case 2: return .pidReused
        case 3: return .stopped
        case 4: return .noAddressSpace(.kernelThread)
        case 5: return .noAddressSpace(.zombie)
        default: throw RecordingFailure(offset: at, message: "unknown ending (corrupt)")
        }
    }

    private func decodeProblem(_ c: inout RecordingCursor) throws(RecordingFailure) -> ProcReadError? {
        let at = c.offset
        switch try c.byte() {
        case 0: return nil
        case 1: return .noSuchProcess(pid: try c.int32())
        case 2: return .permissionDenied(pid: try c.int32(), path: try c.text())
        case 3: return .unreadable(path: try c.text(), errno: try c.int32())
        case 4: return .malformed(path: try c.text(), detail: try c.text())
        default: throw RecordingFailure(offset: at, message: "unknown read problem (corrupt)")
        }
    }

    private func decodeDetail(_ c: inout RecordingCursor) throws(RecordingFailure) -> RecordedDetail {
        let at = c.offset
        switch try c.byte() {
        case 0:
            let pid = try c.int32()
            let command = try c.text()
            let words = try c.count(minimumSize: 1, "argument count")
            var commandLine: [String] = []
            for _ in 0..<words { commandLine.append(try c.text()) }
            let executable = try c.bool() ? try c.text() : nil
            let stateAt = c.offset
            let letter = try c.text()
            guard letter.count == 1, let state = letter.first else { throw RecordingFailure(offset: stateAt, message: "process state (corrupt)") }
            let parent = try c.int32(), threads = try c.int(), start = try c.varint(), vsize = try c.varint()
            let present = try c.byte()
            var optionals: [UInt64?] = []
            for bit in 0..<7 { optionals.append(present & (1 << bit) != 0 ? try c.varint() : nil) }
            let limit = try c.varint()
            let userId: UInt32?
            if let raw = optionals[6] {
                guard let narrow = UInt32(exactly: raw) else { throw c.failure("user id out of range (corrupt)") }
                userId = narrow
            } else { userId = nil }
            return .facts(ProcessFacts(pid: pid, command: command, commandLine: commandLine, executablePath: executable,
                                       state: ProcessState(letter: state), parentPid: parent, threadCount: threads,
                                       startTimeTicks: start, virtualSize: vsize, residentSize: optionals[0],
                                       residentAnonymous: optionals[1], residentFile: optionals[2],
                                       residentShared: optionals[3], startBrk: optionals[4], currentBreak: optionals[5],
                                       userId: userId, addressSpaceLimit: limit))
        case 1:
            let count = try c.count(minimumSize: 5, "residency count")
            var table = ResidencyTable()
            var previousEnd: UInt64 = 0
            for _ in 0..<count {
                let start = try c.delta(from: previousEnd)
                let end = start &+ (try c.length(pageShift: pageShift))
                table.add(start: start, end: end, RegionResidency(resident: try c.varint(), dirty: try c.varint(), swapped: try c.varint()))
                previousEnd = end
            }
            return .residency(table)
        case 2:
            let present = try c.byte()
            let space = present & 1 != 0 ? try c.varint() : nil
            let data = present & 2 != 0 ? try c.varint() : nil
            let maps = present & 4 != 0 ? try c.int() : nil
            return .limits(SpaceLimits(addressSpace: space, data: data, maxMapCount: maps, minimumAddress: try c.varint()))
        default:
            throw RecordingFailure(offset: at, message: "unknown detail kind (corrupt)")
        }
    }
}
