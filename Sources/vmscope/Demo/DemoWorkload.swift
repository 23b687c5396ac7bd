import CSpawn
import Glibc

/// The process `vmscope` watches when started with no arguments: it moves its address space in
/// a loop a first-time user can follow. Each cycle (~14 s at 150 ms steps) grows the brk heap by
/// 1 MiB a step to 48 MiB while mapping anonymous regions (2–16 MiB) downward from a ceiling
/// `window` above the heap, and a file where the kernel likes; touches pages in waves (dropping
/// them first with MADV_DONTNEED so they fault again and the heat strip shows it), mprotects half
/// of one region, mremaps another, unmaps one from the middle; holds; then shrinks the heap and
/// unmaps everything, and starts over.
///
/// The ceiling is the point: in a 64-bit process the heap and the mmap area sit terabytes apart
/// and never meet, so the demo builds a narrow window (`window`, said on screen) and maps down
/// into it with MAP_FIXED_NOREPLACE. The heap and the mappings meet about 5 s into every cycle:
/// a mapping that would overlap the heap is refused (EEXIST) and the heap's next brk is refused
/// by the mapping in its way, which is the collision the live view marks.
///
/// Between steps it allocates nothing: Swift's allocations go through malloc, whose main arena
/// lives on the same brk heap. If malloc moves the break anyway, the demo abandons its part of
/// the heap (dropping the pages) rather than shrink the break under malloc's feet.
final class DemoWorkload {
    private static let mebibyte = 1 << 20
    private static let heapLimit = 48 * mebibyte
    /// From the heap's start to the ceiling the demo maps down from: less than the heap's 48 MiB
    /// plus the mappings' 88, so they meet.
    static let window = 96 * mebibyte
    /// What the live view's header calls the demo, so the narrow window is said on screen.
    static let label = "vmscope demo: narrow \(window / mebibyte) MiB window"
    /// mmap's MAP_FIXED_NOREPLACE (Linux 4.17): place exactly there or fail with EEXIST, never
    /// replace what is mapped (Glibc's module does not export it).
    private static let mapFixedNoReplace: Int32 = 0x10_0000
    private static let anonymousSizes = [2, 6, 12, 4, 16, 8, 3, 10, 5, 14]
    private static let fileSize = 4 * mebibyte
    private static let wavePages = 32

    private let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    private var step: timespec
    private let parent: pid_t
    private var stopSignals = sigset_t()
    private var mappings: [DemoMapping] = []
    private var heapBase: UnsafeMutableRawPointer?
    private var heapBytes = 0
    /// The lowest address mapped so far into the window below the ceiling: the next mapping goes
    /// right under it.
    private var windowFloor: UInt = 0
    /// The file's path as a C string, built once.
    private let filePath: [CChar]
    private var tick = 0
    /// Reads must have an observable result or the compiler may drop them.
    private var checksum: UInt8 = 0

    init(stepMilliseconds: Int) {
        step = timespec(tv_sec: stepMilliseconds / 1000, tv_nsec: (stepMilliseconds % 1000) * 1_000_000)
        parent = getppid()
        var directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        if directory.isEmpty || access(directory, W_OK) != 0 { directory = "/tmp" }
        filePath = Array("\(directory)/vmscope-demo-\(getpid()).data".utf8CString)
        mappings.reserveCapacity(32)
    }

    /// Runs until SIGTERM/SIGINT/SIGHUP or the parent's death, then cleans up and exits.
    func run() -> Never {
        // Take the stop signals synchronously (sigtimedwait is also our sleep), so the temp
        // file is always removed. The kernel sends SIGTERM when vmscope dies.
        sigemptyset(&stopSignals)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&stopSignals, signal) }
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        _ = vmscope_set_parent_death_signal(SIGTERM)
        if getppid() != parent { finish() } // the parent died before prctl took effect
        while true { cycle() }
    }

    private func cycle() {
        heapBase = sbrk(0)
        heapBytes = 0
        windowFloor = (UInt(bitPattern: heapBase) + UInt(Self.window)) & ~UInt(page - 1)
        for i in 0..<48 {
            growHeap()
            if i % 4 == 1 { mapAnonymous(Self.anonymousSizes[(i / 4) % Self.anonymousSizes.count] * Self.mebibyte) }
            if i == 10 { mapFile() }
            if i == 20 { protectHalf() }
            if i == 28 { remapNewestAnonymous() }
            if i == 36 { unmapMiddle() }
            wave()
            pause()
        }
        for _ in 0..<14 { wave(); pause() }
        while heapBytes > 0 || !mappings.isEmpty {
            shrinkHeap(by: 3 * Self.mebibyte)
            if tick % 2 == 0, let last = mappings.popLast() { unmap(last) }
            wave()
            pause()
        }
        for _ in 0..<6 { pause() }
    }

    // MARK: - Heap

    /// Whether the break is still where we left it (nobody else, e.g. malloc, moved it).
    private var heapIsOurs: Bool {
        guard let heapBase else { return false }
        return sbrk(0) == heapBase + heapBytes
    }

    private func growHeap() {
        guard heapBytes < Self.heapLimit else { return }
        if !heapIsOurs { abandonHeap() }
        guard let old = sbrk(Self.mebibyte), old != UnsafeMutableRawPointer(bitPattern: -1) else { return }
        heapBytes += Self.mebibyte
        touch(old, Self.mebibyte, write: true)
    }

    private func shrinkHeap(by bytes: Int) {
        guard heapBytes > 0 else { return }
        guard heapIsOurs else { abandonHeap(); return }
        let n = min(bytes, heapBytes)
        if sbrk(-n) != UnsafeMutableRawPointer(bitPattern: -1) { heapBytes -= n }
    }

    /// Someone else extended the break above ours: shrinking now would free their memory, so
    /// give our pages back with MADV_DONTNEED and start a new heap span at the current break.
    private func abandonHeap() {
        if let heapBase, heapBytes > 0 { madvise(heapBase, heapBytes, MADV_DONTNEED) }
        heapBase = sbrk(0)
        heapBytes = 0
    }

    // MARK: - Mappings

    /// Maps `size` bytes right under the window's floor. Once the heap has grown into the way the
    /// kernel refuses (EEXIST) and nothing is mapped: the heap got there first.
    private func mapAnonymous(_ size: Int) {
        guard mappings.count < 24, windowFloor > UInt(size) else { return }
        let wanted = UnsafeMutableRawPointer(bitPattern: windowFloor - UInt(size))
        guard let base = mmap(wanted, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | Self.mapFixedNoReplace, -1, 0),
              base != UnsafeMutableRawPointer(bitPattern: -1) else { return }
        // A kernel without MAP_FIXED_NOREPLACE takes it as a hint and may place it elsewhere.
        if base == wanted { windowFloor -= UInt(size) }
        mappings.append(DemoMapping(base: base, size: size))
        touch(base, size / 4, write: true)
    }

    private func mapFile() {
        guard mappings.count < 24 else { return }
        var fd = filePath.withUnsafeBufferPointer { open($0.baseAddress!, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        if fd < 0, errno == EEXIST {
            // Left over by an earlier demo with our pid that was killed with SIGKILL.
            _ = filePath.withUnsafeBufferPointer { unlink($0.baseAddress!) }
            fd = filePath.withUnsafeBufferPointer { open($0.baseAddress!, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        }
        guard fd >= 0 else { return }
        defer { close(fd) } // the mapping keeps the file
        guard ftruncate(fd, off_t(Self.fileSize)) == 0,
              let base = mmap(nil, Self.fileSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
              base != UnsafeMutableRawPointer(bitPattern: -1) else {
            _ = filePath.withUnsafeBufferPointer { unlink($0.baseAddress!) }
            return
        }
        mappings.append(DemoMapping(base: base, size: Self.fileSize, isFile: true))
        touch(base, Self.fileSize / 2, write: true)
    }

    private func protectHalf() {
        guard let index = mappings.firstIndex(where: { !$0.isFile && $0.readOnlyBytes == 0 && $0.size >= 2 * page }) else { return }
        let half = (mappings[index].size / 2) / page * page
        if mprotect(mappings[index].base, half, PROT_READ) == 0 { mappings[index].readOnlyBytes = half }
    }

    private func remapNewestAnonymous() {
        guard let index = mappings.lastIndex(where: { !$0.isFile }) else { return }
        let old = mappings[index]
        guard let moved = vmscope_mremap(old.base, old.size, old.size * 2, 1),
              moved != UnsafeMutableRawPointer(bitPattern: -1) else { return }
        mappings[index].base = moved
        mappings[index].size = old.size * 2
    }

    private func unmapMiddle() {
        guard mappings.count >= 3 else { return }
        unmap(mappings.remove(at: mappings.count / 2))
    }

    private func unmap(_ mapping: DemoMapping) {
        munmap(mapping.base, mapping.size)
        if mapping.isFile { _ = filePath.withUnsafeBufferPointer { unlink($0.baseAddress!) } }
    }

    // MARK: - Page waves

    /// Drops a window of pages in every region (and the heap) and touches them again, the window
    /// moving each step, so faults keep coming and sweep across the regions.
    private func wave() {
        tick += 1
        let window = Self.wavePages * page
        for mapping in mappings {
            let offset = (tick * window) % max(mapping.size, 1) / page * page
            let length = min(window, mapping.size - offset)
            guard length > 0 else { continue }
            madvise(mapping.base + offset, length, MADV_DONTNEED)
            touch(mapping.base + offset, length, write: offset >= mapping.readOnlyBytes && offset + length <= mapping.size)
        }
        if let heapBase, heapBytes > 0, heapIsOurs {
            let offset = (tick * window) % heapBytes / page * page
            let length = min(window, heapBytes - offset)
            madvise(heapBase + offset, length, MADV_DONTNEED)
            touch(heapBase + offset, length, write: true)
        }
    }

    /// One access per page: a write (or a read in read-only memory) faults each page in.
    private func touch(_ base: UnsafeMutableRawPointer, _ length: Int, write: Bool) {
        var offset = 0
        while offset < length {
            if write {
                base.storeBytes(of: UInt8(truncatingIfNeeded: tick &+ offset), toByteOffset: offset, as: UInt8.self)
            } else {
                checksum &+= base.load(fromByteOffset: offset, as: UInt8.self)
            }
            offset += page
        }
    }

    // MARK: - Stopping

    /// Waits one step; leaves if a stop signal arrived or the parent is gone.
    private func pause() {
        var remaining = step
        let signal = sigtimedwait(&stopSignals, nil, &remaining)
        if signal > 0 || getppid() != parent { finish() }
    }

    private func finish() -> Never {
        for mapping in mappings { unmap(mapping) }
        mappings.removeAll(keepingCapacity: true)
        if heapIsOurs, heapBytes > 0 { _ = sbrk(-heapBytes) }
        _ = filePath.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        exit(checksum == 0 ? 0 : 0)
    }
}
