import VMScopeCore
import VMScopeTUI

/// Hand-built live-view states for the snapshot tests: realistic layouts taken from what
/// /proc/PID/maps shows for the processes named.
enum SampleStates {
    static func region(_ start: UInt64, _ end: UInt64, _ perms: String, _ kind: RegionKind, _ path: String = "",
                       inode: UInt64 = 0) -> Region {
        Region(start: start, end: end, permissions: Permissions(perms)!, inode: path.hasPrefix("/") ? 4242 : inode,
               pathname: path, kind: kind)
    }

    static let demoPath = "/home/user/demo"
    static let libc = "/usr/lib/x86_64-linux-gnu/libc.so.6"
    static let loader = "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"

    /// A small C program after a few mallocs: program, heap, one 128 KiB malloc block, libc,
    /// the loader, vvar/vdso, stack, vsyscall.
    static let demoRegions: [Region] = [
        region(0x5555_5555_4000, 0x5555_5555_5000, "r--p", .rodata, demoPath),
        region(0x5555_5555_5000, 0x5555_5555_6000, "r-xp", .text, demoPath),
        region(0x5555_5555_6000, 0x5555_5555_7000, "r--p", .rodata, demoPath),
        region(0x5555_5555_7000, 0x5555_5555_8000, "r--p", .rodata, demoPath),
        region(0x5555_5555_8000, 0x5555_5555_9000, "rw-p", .data, demoPath),
        region(0x5555_5555_9000, 0x5555_555b_c000, "rw-p", .heap, "[heap]"),
        region(0x7fff_f7d5_e000, 0x7fff_f7d8_0000, "rw-p", .anonymous),
        region(0x7fff_f7d8_0000, 0x7fff_f7da_6000, "r--p", .libraryData, libc),
        region(0x7fff_f7da_6000, 0x7fff_f7ef_b000, "r-xp", .libraryText, libc),
        region(0x7fff_f7ef_b000, 0x7fff_f7f4_e000, "r--p", .libraryData, libc),
        region(0x7fff_f7f4_e000, 0x7fff_f7f5_2000, "r--p", .libraryData, libc),
        region(0x7fff_f7f5_2000, 0x7fff_f7f5_4000, "rw-p", .libraryData, libc),
        region(0x7fff_f7f5_4000, 0x7fff_f7f6_1000, "rw-p", .libraryData),
        region(0x7fff_f7fc_1000, 0x7fff_f7fc_5000, "r--p", .vvar, "[vvar]"),
        region(0x7fff_f7fc_5000, 0x7fff_f7fc_7000, "r-xp", .vdso, "[vdso]"),
        region(0x7fff_f7fc_7000, 0x7fff_f7fc_8000, "r--p", .libraryData, loader),
        region(0x7fff_f7fc_8000, 0x7fff_f7ff_1000, "r-xp", .libraryText, loader),
        region(0x7fff_f7ff_1000, 0x7fff_f7ff_b000, "r--p", .libraryData, loader),
        region(0x7fff_f7ff_b000, 0x7fff_f7ff_f000, "rw-p", .libraryData, loader),
        region(0x7fff_fffd_e000, 0x7fff_ffff_f000, "rw-p", .stack, "[stack]"),
        region(0xffff_ffff_ff60_0000, 0xffff_ffff_ff60_1000, "--xp", .vsyscall, "[vsyscall]"),
    ]

    static let heapIndex = 5
    static let anonIndex = 6
    static let now: UInt64 = 100_000_000_000

    static func entry(_ seconds: Double, _ category: EventLogCategory, _ label: String, _ range: Range<UInt64>?,
                      bytes: UInt64? = nil, count: UInt64? = nil, detail: String = "", repeats: Int = 1,
                      tid: Int32 = 4242) -> EventLogEntry {
        EventLogEntry(timestamp: now - UInt64((30 - seconds) * 1e9), seconds: seconds, tid: tid, category: category,
                      description: EventDescription(label: label, range: range, bytes: bytes, count: count, detail: detail),
                      repeatCount: repeats)
    }

    static let demoEvents: [EventLogEntry] = [
        entry(0.001, .process, "exec", nil, detail: demoPath),
        entry(0.004, .mmap, "mmap", 0x7fff_f7d8_0000..<0x7fff_f7f6_1000, bytes: 0x1e1000,
              detail: "PROT_READ MAP_PRIVATE|MAP_DENYWRITE " + libc),
        entry(0.005, .mprotect, "mprotect", 0x7fff_f7f4_e000..<0x7fff_f7f5_2000, bytes: 0x4000, detail: "PROT_READ"),
        entry(0.010, .brk, "brk+", 0x5555_5555_9000..<0x5555_5557_a000, bytes: 0x21000),
        entry(0.012, .fault, "faults", 0x5555_5555_9000..<0x5555_5557_a000, count: 33, detail: "write"),
        entry(1.250, .brk, "brk+", 0x5555_5557_a000..<0x5555_555b_c000, bytes: 0x42000),
        entry(1.251, .fault, "faults", 0x5555_5557_a000..<0x5555_555b_c000, count: 66, detail: "write"),
        entry(2.500, .mmap, "mmap", 0x7fff_f7d5_e000..<0x7fff_f7d8_0000, bytes: 0x22000,
              detail: "PROT_READ|PROT_WRITE MAP_PRIVATE|MAP_ANONYMOUS"),
        entry(2.501, .fault, "fault", 0x7fff_f7d5_e000..<0x7fff_f7d5_f000, count: 1, detail: "write", repeats: 34),
        entry(3.000, .failure, "FAIL", nil, detail: "mmap ENOMEM"),
        entry(3.100, .munmap, "munmap", 0x7fff_f7d3_c000..<0x7fff_f7d5_e000, bytes: 0x22000),
        entry(3.200, .mremap, "mremap", 0x7fff_f7d5_e000..<0x7fff_f7d8_0000, bytes: 0x22000, detail: "MREMAP_MAYMOVE"),
    ]

    /// The demo program running, eBPF source, heap and mmap area converging.
    static func demo() -> LiveViewState {
        var state = LiveViewState()
        state.pid = 4242
        state.commandLine = demoPath + " --rounds 10 --touch waves"
        state.state = "S (sleeping)"
        state.uptimeSeconds = 187
        state.regions = demoRegions
        state.virtualSize = demoRegions.filter { $0.kind != .vsyscall }.reduce(0) { $0 + $1.size }
        state.residentSize = 1_482_752
        state.eventsPerSecond = 1234
        state.source = "eBPF"
        state.layoutStyle = .topDown
        state.heapMmapGap = AddressSpaceSummary(regions: demoRegions).heapMmapGap
        state.addressSpaceSummary = AddressSpaceSummary(regions: demoRegions)
        state.gapBytesPerSecond = -1_258_291
        state.regionFaults = demoRegions.indices.map { $0 == heapIndex ? 99 : $0 == anonIndex ? 34 : $0 == 8 ? 120 : 0 }
        state.regionResident = demoRegions.indices.map { $0 == 20 ? nil : min(demoRegions[$0].size, 0x1_0000) }
        state.now = now
        state.recentFaults = [
            TimelineRecentFault(address: 0x5555_5555_9000, count: 40, timestamp: now - 500_000_000),
            TimelineRecentFault(address: 0x5555_555a_0000, count: 3, timestamp: now - 100_000_000),
            TimelineRecentFault(address: 0x7fff_f7d5_e000, count: 34, timestamp: now - 1_000_000_000),
            TimelineRecentFault(address: 0x7fff_f7da_7000, count: 1, timestamp: now - 200_000_000),
            // Too old for the heat window: must not show.
            TimelineRecentFault(address: 0x7fff_fffd_e000, count: 500, timestamp: now - 9_000_000_000),
        ]
        state.events = demoEvents
        state.selectedRegion = heapIndex
        return state
    }

    /// The demo after it was killed: the last layout stays, the header says how it ended.
    static func exited() -> LiveViewState {
        var state = demo()
        state.exitStatus = 9            // wait status: killed by SIGKILL
        state.state = "killed by SIGKILL"
        state.eventsPerSecond = 0
        state.gapBytesPerSecond = 0
        state.source = "polling"
        state.sourceNote = "eBPF unavailable: CAP_BPF missing"
        state.lostEvents = 17
        state.events.append(entry(29.9, .process, "exit", nil, detail: "killed by SIGKILL"))
        return state
    }

    /// 65 000 regions: a JIT-like process with thousands of small anonymous and file mappings
    /// in clusters, a heap, thread stacks with guard pages.
    static func huge() -> LiveViewState {
        var regions: [Region] = Array(demoRegions.prefix(6))
        var address: UInt64 = 0x7f00_0000_0000
        let kinds: [RegionKind] = [.anonymous, .anonymous, .file, .guardPage, .threadStack, .libraryText, .libraryData, .sharedMemory]
        for i in 0..<64_990 {
            let size: UInt64 = UInt64(1 + i % 5) << 12
            let kind = kinds[(i / 7) % kinds.count]
            let path = kind == .file ? "/data/segment-\(i).bin" : kind == .libraryText || kind == .libraryData ? "/usr/lib/libjit\(i / 50).so" : ""
            regions.append(region(address, address + size, kind == .guardPage ? "---p" : "rw-p", kind, path))
            address += size + (i % 3 == 0 ? 0x1000 : 0) + (i % 10_000 == 9_999 ? 1 << 32 : 0)
        }
        regions.append(region(0x7fff_fffd_e000, 0x7fff_ffff_f000, "rw-p", .stack, "[stack]"))
        var state = demo()
        state.pid = 31337
        state.commandLine = "java -Xmx8g -jar server.jar"
        state.regions = regions
        state.virtualSize = regions.reduce(0) { $0 + $1.size }
        state.heapMmapGap = AddressSpaceSummary(regions: regions).heapMmapGap
        state.addressSpaceSummary = AddressSpaceSummary(regions: regions)
        state.regionFaults = regions.indices.map { UInt64($0 % 13 == 0 ? $0 % 1000 : 0) }
        state.regionResident = regions.map { $0.size / 2 }
        state.selectedRegion = 40_000
        state.regionScroll = 39_990
        state.recentFaults = (0..<2000).map {
            TimelineRecentFault(address: regions[($0 * 31) % regions.count].start, count: UInt64($0 % 7 + 1),
                                timestamp: now - UInt64($0) * 1_000_000)
        }
        return state
    }

    // MARK: - Convergence

    /// The demo's program and libraries with the heap at `heapSize` and an anonymous mapping
    /// `gap` bytes above the heap's top: the heap and the mmap area `gap` apart (top-down).
    static func converging(heapSize: UInt64, gap: UInt64) -> [Region] {
        let heapStart: UInt64 = 0x5555_5555_9000
        let heapEnd = heapStart + heapSize
        var regions = Array(demoRegions.prefix(5))
        regions.append(region(heapStart, heapEnd, "rw-p", .heap, "[heap]"))
        regions.append(region(heapEnd + gap, heapEnd + gap + 0x0600_0000, "rw-p", .anonymous))
        regions += demoRegions.suffix(from: 7)
        return regions
    }

    /// `setarch -L`: the loader and libraries from TASK_UNMAPPED_BASE up, the program at 2/3 of
    /// the space; the mmap area grows up toward the program.
    static let legacyRegions: [Region] = [
        region(0x2aaa_aaaa_b000, 0x2aaa_aaad_4000, "r-xp", .libraryText, loader),
        region(0x2aaa_aaad_4000, 0x2aaa_aaad_8000, "rw-p", .libraryData, loader),
        region(0x2aaa_aaad_8000, 0x2aaa_aacb_9000, "r-xp", .libraryText, libc),
        region(0x2aaa_aacb_9000, 0x2aaa_ab0b_9000, "rw-p", .anonymous),
        region(0x5555_5555_4000, 0x5555_5555_5000, "r-xp", .text, demoPath),
        region(0x5555_5555_8000, 0x5555_5555_9000, "rw-p", .data, demoPath),
        region(0x5555_5555_9000, 0x5555_555b_c000, "rw-p", .heap, "[heap]"),
        region(0x7fff_fffd_e000, 0x7fff_ffff_f000, "rw-p", .stack, "[stack]"),
    ]

    /// A `gcc -m32` program that malloc'd 256 MiB of heap and 1 GiB in one mmap, on this 64-bit
    /// kernel: a 4 GiB space.
    static let compatRegions: [Region] = [
        region(0x5655_5000, 0x5655_6000, "r-xp", .text, "/tmp/malloc32"),
        region(0x5655_9000, 0x5655_a000, "rw-p", .data, "/tmp/malloc32"),
        region(0x5739_a000, 0x673b_c000, "rw-p", .heap, "[heap]"),
        region(0xb7a0_0000, 0xf7a0_0000, "rw-p", .anonymous),
        region(0xf7c0_0000, 0xf7d9_b000, "r-xp", .libraryText, "/usr/lib32/libc.so.6"),
        region(0xf7e1_e000, 0xf7e1_f000, "rw-p", .libraryData, "/usr/lib32/libc.so.6"),
        region(0xf7fc_0000, 0xf7fc_4000, "r--p", .vvar, "[vvar]"),
        region(0xf7fc_4000, 0xf7fc_6000, "r-xp", .vdso, "[vdso]"),
        region(0xf7fc_7000, 0xf7fe_a000, "r-xp", .libraryText, "/usr/lib32/ld-linux.so.2"),
        region(0xf7ff_a000, 0xf7ff_b000, "rw-p", .libraryData, "/usr/lib32/ld-linux.so.2"),
        region(0xfffd_d000, 0xffff_e000, "rw-p", .stack, "[stack]"),
    ]

    /// A demo-like state for `regions`, its summary and gap trend filled in as the view model does.
    static func state(for regions: [Region], gapBytesPerSecond: Double, limit: UInt64? = nil) -> LiveViewState {
        var state = demo()
        let summary = AddressSpaceSummary(regions: regions, limit: limit)
        state.regions = regions
        state.regionFaults = regions.map { _ in 0 }
        state.regionResident = regions.map { _ in nil }
        state.addressSpaceSummary = summary
        state.addressSpaceLimit = summary.limit
        state.heapMmapGap = summary.heapMmapGap
        state.layoutStyle = summary.layoutStyle
        state.gapBytesPerSecond = gapBytesPerSecond
        state.selectedRegion = 0
        return state
    }
}
