/// How the writer encodes each value inside a record's payload (README "Recording format");
/// `RecordingReader+Decoding` is the mirror image.
extension RecordingWriter {
    // MARK: Interning

    /// The id of `text` in the string table, emitting a `string` record the first time.
    func stringID(_ text: String) -> UInt64 {
        if let id = strings[text] { return id }
        let id = UInt64(strings.count)
        strings[text] = id
        var payload = RecordingBytes()
        payload.text(text)
        emit(.string, payload)
        return id
    }

    func string(_ text: String, into payload: inout RecordingBytes) {
        payload.varint(stringID(text))
    }

    /// 0 for nil, else the id + 1.
    func optionalString(_ text: String?, into payload: inout RecordingBytes) {
        payload.varint(text.map { stringID($0) + 1 } ?? 0)
    }

    /// The id of `stack`, emitting a `stack` record (and its strings) the first time.
    func stackID(_ stack: UserStack) -> UInt64 {
        if let id = stacks[stack] { return id }
        var payload = RecordingBytes()
        payload.varint(stack.addresses.count)
        var previous: UInt64 = 0
        for address in stack.addresses {
            payload.delta(address, from: previous)
            previous = address
        }
        // Bit 0: cut at the depth limit; bit 1: frame 0's caller may be missing from the walk
        // (trace's caller note depends on it, so a replay must know).
        payload.byte((stack.truncated ? 1 : 0) | (stack.callerMayBeSkipped ? 2 : 0))
        payload.varint(stack.frames.count)
        previous = 0
        for frame in stack.frames {
            payload.delta(frame.address, from: previous)
            previous = frame.address
            optionalString(frame.module, into: &payload)
            payload.varint(frame.moduleOffset)
            optionalString(frame.symbol, into: &payload)
            payload.varint(frame.symbolOffset)
            optionalString(frame.buildID, into: &payload)
        }
        let id = UInt64(stacks.count)
        stacks[stack] = id
        emit(.stack, payload)
        return id
    }

    // MARK: Events

    /// One event of process `pid`; `state` keys the previous-address state (the serial, -1 for
    /// losses).
    func encode(_ event: MemoryEvent, pid: Int32, state: Int, into payload: inout RecordingBytes) {
        var flags: UInt8 = 0
        if event.tgid != pid { flags |= 1 }
        switch event.abi {
        case nil: break
        case .x86_64?: flags |= 1 << 1
        case .i386?: flags |= 2 << 1
        }
        if !event.gapSearches.isEmpty { flags |= 1 << 3 }
        let collision = event.collision, stack = event.stack
        if collision != nil { flags |= 1 << 4 }
        if stack != nil { flags |= 1 << 5 }
        payload.byte(flags)
        payload.delta(event.timestamp, from: lastEventTime)
        lastEventTime = event.timestamp
        if flags & 1 != 0 { payload.signed(event.tgid) }
        payload.signed(Int64(event.tid) - Int64(event.tgid))
        var address = lastAddress[state] ?? 0
        encode(event.kind, address: &address, into: &payload)
        lastAddress[state] = address
        if !event.gapSearches.isEmpty {
            payload.varint(event.gapSearches.count)
            var high = lastWindowHigh[state] ?? 0
            for search in event.gapSearches { encode(search, address: address, high: &high, into: &payload) }
            lastWindowHigh[state] = high
        }
        if let collision { encode(collision, into: &payload) }
        if let stack { payload.varint(stackID(stack)) }
    }

    private func encode(_ kind: MemoryEventKind, address last: inout UInt64, into p: inout RecordingBytes) {
        func address(_ value: UInt64) { p.delta(value, from: last); last = value }
        func length(_ value: UInt64) { p.length(value, pageShift: pageShift) }
        switch kind {
        case let .brk(oldBreak, newBreak, requested):
            p.byte(0); address(oldBreak); address(newBreak); p.delta(requested, from: newBreak)
        case let .mmap(start, size, protection, flags, fd, offset, file):
            p.byte(1); address(start); length(size); p.varint(UInt64(protection.rawValue)); p.varint(UInt64(flags.rawValue))
            p.signed(fd); length(offset)
            p.bool(file != nil)
            if let file { string(file.path, into: &p); p.varint(file.device); p.varint(file.inode) }
        case let .munmap(start, size):
            p.byte(2); address(start); length(size)
        case let .mremap(oldAddress, oldLength, newAddress, newLength, flags):
            p.byte(3); address(oldAddress); length(oldLength); address(newAddress); length(newLength); p.varint(UInt64(flags))
        case let .mprotect(start, size, protection):
            p.byte(4); address(start); length(size); p.varint(UInt64(protection.rawValue))
        case let .pkeyMprotect(start, size, protection, pkey):
            p.byte(5); address(start); length(size); p.varint(UInt64(protection.rawValue)); p.signed(pkey)
        case let .madvise(start, size, advice):
            p.byte(6); address(start); length(size); p.signed(advice.rawValue)
        case let .memoryLock(call, start, size, flags):
            p.byte(7); p.signed(call.rawValue); address(start); length(size); p.varint(UInt64(flags))
        case let .mseal(start, size, flags):
            p.byte(8); address(start); length(size); p.varint(flags)
        case let .shmat(start, size, shmid, readOnly):
            p.byte(9); address(start); length(size); p.signed(shmid); p.bool(readOnly)
        case let .shmdt(start, size):
            p.byte(10); address(start); length(size)
        case let .aioSetup(start, size):
            p.byte(11); address(start); length(size)
        case let .aioDestroy(start, size):
            p.byte(12); address(start); length(size)
        case let .pageFault(at, errorCode):
            p.byte(13); address(at); p.varint(errorCode)
        case let .faultCounts(bucket, size, count):
            p.byte(14); address(bucket); length(size); p.varint(count)
        case let .failed(call, errorNumber, start, size):
            p.byte(15); p.signed(call.rawValue); p.signed(errorNumber); address(start); length(size)
        case let .fork(child, isThread):
            p.byte(16); p.signed(child); p.bool(isThread)
        case .execStarted:
            p.byte(17)
        case .exec(let filename):
            p.byte(18); string(filename, into: &p)
        case .layout(let layout):
            p.byte(19)
            p.byte(layout.moment == .exec ? 0 : 1)
            p.bool(layout.isComplete)
            encode(regions: layout.regions, into: &p)
        case .exit(let status):
            p.byte(20); p.signed(status)
        case .lost(let count):
            p.byte(21); p.varint(count)
        }
    }

    /// A gap search: the window's top as a delta from the previous search's (it is the mmap
    /// base, the same every time), the result as a delta from the call's address (usually it).
    private func encode(_ search: GapSearch, address: UInt64, high: inout UInt64, into p: inout RecordingBytes) {
        p.length(search.length, pageShift: pageShift)
        p.length(search.window.lowerBound, pageShift: pageShift)
        p.delta(search.window.upperBound, from: high)
        high = search.window.upperBound
        p.varint(search.alignMask)
        p.varint(search.alignOffset)
        var present: UInt8 = search.direction == .topDown ? 0 : 1
        if search.result != nil { present |= 2 }
        if search.freeInWindow != nil { present |= 4 }
        if search.largestGapInWindow != nil { present |= 8 }
        p.byte(present)
        if let value = search.result { p.delta(value, from: address) }
        if let value = search.freeInWindow { p.length(value, pageShift: pageShift) }
        if let value = search.largestGapInWindow { p.length(value, pageShift: pageShift) }
    }

    private func encode(_ collision: Collision, into p: inout RecordingBytes) {
        switch collision.kind {
        case let .brkRefused(requested, blockedBy):
            p.byte(0); p.varint(requested); encode(blockedBy, previousEnd: 0, into: &p)
        case .mmapBelowExecutable(let imageStart):
            p.byte(1); p.varint(imageStart)
        case .mmapBelowHeap(let heapStart):
            p.byte(2); p.varint(heapStart)
        }
        p.varint(collision.range.lowerBound)
        p.varint(collision.range.upperBound &- collision.range.lowerBound)
        string(collision.reason, into: &p)
    }

    // MARK: Regions and snapshots

    func encode(_ region: Region, previousEnd: UInt64, into p: inout RecordingBytes) {
        p.delta(region.start, from: previousEnd)
        p.length(region.end &- region.start, pageShift: pageShift)
        var bits: UInt8 = 0
        if region.permissions.read { bits |= 1 }
        if region.permissions.write { bits |= 2 }
        if region.permissions.execute { bits |= 4 }
        if region.permissions.shared { bits |= 8 }
        if region.isDeleted { bits |= 16 }
        p.byte(bits)
        p.byte(UInt8(RegionKind.allCases.firstIndex(of: region.kind) ?? 0))
        p.length(region.offset, pageShift: pageShift)
        p.varint(UInt64(region.deviceMajor))
        p.varint(UInt64(region.deviceMinor))
        p.varint(region.inode)
        string(region.pathname, into: &p)
    }

    func encode(regions: [Region], into p: inout RecordingBytes) {
        p.varint(regions.count)
        var previousEnd: UInt64 = 0
        for region in regions {
            encode(region, previousEnd: previousEnd, into: &p)
            previousEnd = region.end
        }
    }

    /// A snapshot's regions as edits of the process's previous snapshot: runs kept, runs
    /// skipped (gone), runs of new regions. An idle process's snapshot is a few bytes.
    func encode(_ snapshot: AddressSpaceSnapshot, serial: Int, into p: inout RecordingBytes) {
        p.delta(snapshot.timestamp, from: header.monotonicStart)
        p.varint(snapshot.readEnd &- snapshot.timestamp)
        p.signed(snapshot.pid)
        switch snapshot.origin {
        case .proc: p.byte(0)
        case .kernel(.exec): p.byte(1)
        case .kernel(.exit): p.byte(2)
        }
        p.bool(snapshot.identity != nil)
        if let identity = snapshot.identity { encode(identity, into: &p) }

        let previous = lastRegions[serial] ?? []
        var position: [Region: Int] = [:]
        for (index, region) in previous.enumerated() where position[region] == nil { position[region] = index }
        // op 0: keep `count` regions of the previous list; 1: skip (drop) them; 2: `count` new
        // regions follow, starting at `first` in the new list.
        var ops: [(op: UInt64, count: Int, first: Int)] = []
        func add(_ op: UInt64, _ count: Int, at first: Int) {
            if let last = ops.last, last.op == op { ops[ops.count - 1].count += count }
            else { ops.append((op, count, first)) }
        }
        var cursor = 0
        for index in snapshot.regions.indices {
            let region = snapshot.regions[index]
            if cursor < previous.count, previous[cursor] == region {
                add(0, 1, at: index); cursor += 1
            } else if let found = position[region], found > cursor {
                add(1, found - cursor, at: index); add(0, 1, at: index); cursor = found + 1
            } else {
                add(2, 1, at: index)
            }
        }
        p.varint(ops.count)
        for op in ops {
            p.varint(UInt64(op.count) << 2 | op.op)
            guard op.op == 2 else { continue }
            // Each new region's start is a delta from the end of the one before it in the new list.
            var end = op.first > 0 ? snapshot.regions[op.first - 1].end : 0
            for region in snapshot.regions[op.first..<op.first + op.count] {
                encode(region, previousEnd: end, into: &p)
                end = region.end
            }
        }
        lastRegions[serial] = snapshot.regions
    }

    // MARK: Processes

    func encode(_ identity: ProcessIdentity, into p: inout RecordingBytes) {
        p.signed(identity.pid)
        string(identity.command, into: &p)
        p.varint(identity.startTimeTicks)
        optionalString(identity.executablePath, into: &p)
    }

    func encode(_ reason: JoinReason, into p: inout RecordingBytes) {
        switch reason {
        case .attached: p.byte(0)
        case .launched: p.byte(1)
        case .forked(let parent): p.byte(2); p.signed(parent)
        case .found: p.byte(3)
        }
    }

    func encode(_ ending: ProcessEnding, into p: inout RecordingBytes) {
        switch ending {
        case .exited(let status): p.byte(0); p.signed(status)
        case .gone: p.byte(1)
        case .pidReused: p.byte(2)
        case .stopped: p.byte(3)
        case .noAddressSpace(.kernelThread): p.byte(4)
        case .noAddressSpace(.zombie): p.byte(5)
        }
    }

    func encode(_ problem: ProcReadError?, into p: inout RecordingBytes) {
        switch problem {
        case nil: p.byte(0)
        case .noSuchProcess(let pid)?: p.byte(1); p.signed(pid)
        case .permissionDenied(let pid, let path)?: p.byte(2); p.signed(pid); p.text(path)
        case .unreadable(let path, let errorNumber)?: p.byte(3); p.text(path); p.signed(errorNumber)
        case .malformed(let path, let detail)?: p.byte(4); p.text(path); p.text(detail)
        }
    }

    func encode(_ detail: RecordedDetail, into p: inout RecordingBytes) {
        switch detail {
        case .facts(let facts):
            p.byte(0)
            p.signed(facts.pid)
            p.text(facts.command)
            p.varint(facts.commandLine.count)
            for word in facts.commandLine { p.text(word) }
            p.bool(facts.executablePath != nil)
            if let path = facts.executablePath { p.text(path) }
            p.text(String(facts.state.letter))
            p.signed(facts.parentPid)
            p.varint(facts.threadCount)
            p.varint(facts.startTimeTicks)
            p.varint(facts.virtualSize)
            let optionals = [facts.residentSize, facts.residentAnonymous, facts.residentFile, facts.residentShared,
                             facts.startBrk, facts.currentBreak, facts.userId.map(UInt64.init)]
            var present: UInt8 = 0
            for (bit, value) in optionals.enumerated() where value != nil { present |= 1 << bit }
            p.byte(present)
            for value in optionals { if let value { p.varint(value) } }
            p.varint(facts.addressSpaceLimit)
        case .residency(let table):
            p.byte(1)
            let ranges = table.ranges
            p.varint(ranges.count)
            var previousEnd: UInt64 = 0
            for range in ranges {
                p.delta(range.start, from: previousEnd)
                p.length(range.end &- range.start, pageShift: pageShift)
                p.varint(range.residency.resident)
                p.varint(range.residency.dirty)
                p.varint(range.residency.swapped)
                previousEnd = range.end
            }
        case .limits(let limits):
            p.byte(2)
            var present: UInt8 = 0
            if limits.addressSpace != nil { present |= 1 }
            if limits.data != nil { present |= 2 }
            if limits.maxMapCount != nil { present |= 4 }
            p.byte(present)
            if let value = limits.addressSpace { p.varint(value) }
            if let value = limits.data { p.varint(value) }
            if let value = limits.maxMapCount { p.varint(value) }
            p.varint(limits.minimumAddress)
        }
    }
}
