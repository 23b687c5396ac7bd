import VMScopeCore

/// /proc/PID/maps texts in the kernel's own format (`show_map_vma()` in fs/proc/task_mmu.c):
/// hex addresses and offset, hex major:minor, decimal inode, then, for named mappings, spaces
/// up to column 73 and the name; unnamed mappings end with one space after the inode.
public enum MapsText {
    /// The executable the typical process runs (`/proc/PID/exe`), for the classifier.
    public static let typicalExecutable = "/usr/bin/python3.11"

    /// 65 000 lines (about `vm.max_map_count`, 65 530 by default: the most a process may
    /// have), in the same shape as `MapsParserTests.parses65000Lines` so the numbers compare:
    /// every third line a library's text mapping, the rest anonymous.
    public static func large(lines: Int = 65_000) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(lines * 80)
        var address: UInt64 = 0x7f00_0000_0000
        for i in 0..<lines {
            if i % 3 == 0 {
                append(&text, address, address + 0x1000, "r-xp", offset: 0x1000, device: "fe:00", inode: 333_151,
                       name: "/usr/lib/x86_64-linux-gnu/libfoo\(i / 30).so.1")
            } else {
                append(&text, address, address + 0x1000, "rw-p")
            }
            address += 0x2000
        }
        return text
    }

    /// About 400 lines: a multi-threaded Python service. The program and its .bss, a 30 MiB
    /// heap, 8 malloc arenas (a `rw-p` head on a 64 MiB `---p` reservation), 24 thread stacks
    /// with their guard pages, 60 shared libraries of five mappings each (a quarter with an
    /// anonymous .bss after them), a few data files and shared memory, then vvar, vdso, the
    /// stack and vsyscall.
    public static func typical() -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(400 * 100)
        let kib: UInt64 = 1024, mib: UInt64 = 1024 * kib

        // The program: headers, text, rodata, relro, data; then .bss and the heap.
        var address: UInt64 = 0x5563_2a4b_0000
        for (perms, size) in [("r--p", 388 * kib), ("r-xp", 2_840 * kib), ("r--p", 2_408 * kib),
                              ("r--p", 4 * kib), ("rw-p", 460 * kib)] {
            append(&text, address, address + size, perms, offset: address - 0x5563_2a4b_0000, device: "fe:00",
                   inode: 1_312_004, name: typicalExecutable)
            address += size
        }
        append(&text, address, address + 132 * kib, "rw-p")
        // The kernel starts the heap a random distance (up to 32 MiB) above the program.
        let heapStart = address + 132 * kib + 13 * mib
        append(&text, heapStart, heapStart + 30 * mib, "rw-p", name: "[heap]")

        // The mmap area, bottom up.
        address = 0x7f3a_0000_0000
        for _ in 0..<8 {
            append(&text, address, address + 132 * kib, "rw-p")
            append(&text, address + 132 * kib, address + 64 * mib, "---p")
            address += 64 * mib
        }
        for _ in 0..<24 {
            append(&text, address, address + 4 * kib, "---p")
            append(&text, address + 4 * kib, address + 8 * mib + 4 * kib, "rw-p")
            address += 8 * mib + 4 * kib
        }
        append(&text, address, address + 3 * mib, "r--p", device: "fe:00", inode: 1_300_221,
               name: "/usr/lib/locale/locale-archive")
        address += 3 * mib
        append(&text, address, address + 16 * mib, "rw-s", device: "00:1a", inode: 55, name: "/dev/shm/worker-queue")
        address += 16 * mib
        append(&text, address, address + 2 * mib, "rw-s", device: "00:01", inode: 7_104,
               name: "/memfd:arrow-buffer (deleted)")
        address += 2 * mib
        append(&text, address, address + 40 * mib, "r--s", device: "fe:00", inode: 2_900_117,
               name: "/srv/models/embeddings.bin")
        address += 40 * mib
        for library in 0..<60 {
            let path = library == 0 ? "/usr/lib/x86_64-linux-gnu/libc.so.6"
                : "/usr/lib/python3.11/lib-dynload/_module\(library).cpython-311-x86_64-linux-gnu.so"
            let base = address
            for (perms, size) in [("r--p", 16 * kib), ("r-xp", 64 * kib), ("r--p", 24 * kib),
                                  ("r--p", 4 * kib), ("rw-p", 8 * kib)] {
                append(&text, address, address + size, perms, offset: address - base, device: "fe:00",
                       inode: 1_400_000 + UInt64(library), name: path)
                address += size
            }
            if library % 4 == 0 {
                append(&text, address, address + 12 * kib, "rw-p")
                address += 12 * kib
            }
            address += 4 * kib
        }

        address = 0x7ffd_5c3f_0000
        append(&text, address, address + 132 * kib, "rw-p", name: "[stack]")
        address = 0x7ffd_5c5d_8000
        append(&text, address, address + 16 * kib, "r--p", name: "[vvar]")
        append(&text, address + 16 * kib, address + 24 * kib, "r-xp", name: "[vdso]")
        append(&text, 0xffff_ffff_ff60_0000, 0xffff_ffff_ff60_1000, "--xp", name: "[vsyscall]")
        return text
    }

    /// About 65 000 lines, laid out like a big JIT-heavy process rather than `large()`'s uniform
    /// stripes: the typical process's mappings plus 64 600 small mappings (1–5 pages, a page
    /// apart) in 65 clusters 64 MiB apart, cycling through anonymous read-write, JIT code, guard
    /// pages and read-only file mappings. For benchmarks that need a big layout with a heap,
    /// arenas and gaps worth compressing (the bar, the frame, reconciling).
    public static func huge(extraLines: Int = 64_600) -> [UInt8] {
        var text = typical()
        // Insert after the heap line: the clusters sit below the typical mmap area, in order.
        let heapLine = text.indices(of: "[heap]\n")
        var clusters: [UInt8] = []
        clusters.reserveCapacity(extraLines * 80)
        var address: UInt64 = 0x7e00_0000_0000
        for i in 0..<extraLines {
            let size = UInt64(1 + i % 5) * 4096
            switch i % 4 {
            case 0: append(&clusters, address, address + size, "rw-p")
            case 1: append(&clusters, address, address + size, "r-xp")
            case 2: append(&clusters, address, address + size, "---p")
            default:
                append(&clusters, address, address + size, "r--p", offset: UInt64(i) * 4096, device: "fe:00",
                       inode: 2_000_000 + UInt64(i / 1_000), name: "/srv/data/segment-\(i / 1_000).bin")
            }
            address += size + 4096
            if i % 1_000 == 999 { address += 64 << 20 }
        }
        text.insert(contentsOf: clusters, at: heapLine.upperBound)
        return text
    }

    /// Parses and classifies `text` as `SnapshotReader` does, for benchmarks that start from a
    /// layout rather than from text.
    public static func classifiedRegions(_ text: [UInt8], executablePath: String?) -> [Region] {
        // The inputs are made above; a parse error is a bug in this file.
        let regions = try! MapsParser.parse(bytes: text)
        return RegionClassifier.classify(regions, executablePath: executablePath)
    }

    // MARK: - Lines

    /// The column the kernel pads names to on 64-bit: `seq_setwidth(m, 25 + sizeof(void *) * 6 - 1)`.
    private static let nameColumn = 73

    private static func append(_ text: inout [UInt8], _ start: UInt64, _ end: UInt64, _ perms: String,
                               offset: UInt64 = 0, device: String = "00:00", inode: UInt64 = 0, name: String = "") {
        let lineStart = text.count
        text += hex(start, width: 8).utf8
        text.append(UInt8(ascii: "-"))
        text += hex(end, width: 8).utf8
        text += " \(perms) ".utf8
        text += hex(offset, width: 8).utf8
        text += " \(device) \(inode) ".utf8
        if !name.isEmpty {
            while text.count - lineStart < nameColumn { text.append(UInt8(ascii: " ")) }
            text += name.utf8
        }
        text.append(UInt8(ascii: "\n"))
    }

    private static func hex(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension [UInt8] {
    /// The range of the first occurrence of `needle`'s UTF-8 bytes (the inputs above always
    /// contain what is looked for).
    fileprivate func indices(of needle: String) -> Range<Int> {
        let pattern = Array(needle.utf8)
        for start in 0...(count - pattern.count) where self[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start..<(start + pattern.count)
        }
        preconditionFailure("\(needle) not found")
    }
}
