import Glibc
import VMScopeCore

/// Resolves captured user stacks with the symbol tables of the files the process has mapped
/// (`ELFSymbolTable`): each address's mapping gives the file and the offset in it, the file's
/// PT_LOAD segments the ELF address, its .symtab (else .dynsym) the function covering it.
///
/// A file is read once, however many processes map it: cached by device, inode and path. A
/// storm repeats a handful of stacks, so each process also keeps its resolved stacks by their
/// addresses, and a repeated stack costs one dictionary lookup. That cache is dropped when the
/// process execs or ends (`forget(pid:)`); a library unloaded and another loaded at the same
/// addresses in between would still show the first one's names (dlclose is rare; the monitor
/// does not tell the symbolizer about munmap).
public final class StackSymbolizer: StackSymbolizing {
    private let procDirectory: String
    private let stackCacheLimit: Int
    private var files: [FileKey: FileEntry] = [:]
    private var stacks: [Int32: [[UInt64]: [StackFrame]]] = [:]
    /// Each process's CFA rows by code address (see `cfiRow`).
    private var rows: [Int32: [UInt64: CFARow?]] = [:]
    /// Files parsed so far (a test checks that a file mapped twice, or by two processes, is
    /// read once).
    public private(set) var filesRead = 0

    /// `procDirectory` is where /proc is (tests may point it elsewhere); `stackCacheLimit` bounds
    /// the stacks kept per process (past it the cache starts over).
    public init(procDirectory: String = "/proc", stackCacheLimit: Int = 4096) {
        self.procDirectory = procDirectory
        self.stackCacheLimit = max(1, stackCacheLimit)
    }

    public func symbolize(_ stack: inout UserStack, pid: Int32, region: (UInt64) -> Region?) {
        // The raw capture becomes the final address list first: the innermost frames unwound by
        // their CFI and spliced with the kernel's frame-pointer chain (`CFIUnwinder`). Each
        // stack is unwound (its window differs call to call); naming is cached by the result.
        withoutActuallyEscaping(region) { region in
            CFIUnwinder { [self] address in cfiRow(at: address, pid: pid, region: region) }.unwind(&stack)
        }
        if let known = stacks[pid]?[stack.addresses] {
            stack.frames = known
            return
        }
        var frames: [StackFrame] = []
        frames.reserveCapacity(stack.addresses.count)
        for (index, address) in stack.addresses.enumerated() {
            // Frame 0 is where the call was made; the others are return addresses, the
            // instruction after a call: one byte back is in the calling instruction, so a call
            // that ends its function (to a function that does not return) is named right.
            let lookup = index == 0 || address == 0 ? address : address - 1
            frames.append(frame(address: address, lookup: lookup, pid: pid, region: region(lookup)))
        }
        // Changed in place (a copy of the process's cache per new stack would cost more than
        // the resolving).
        if stacks[pid, default: [:]].count >= stackCacheLimit { stacks[pid]?.removeAll(keepingCapacity: true) }
        stacks[pid, default: [:]][stack.addresses] = frames
        stack.frames = frames
    }

    public func forget(pid: Int32) {
        stacks[pid] = nil
        rows[pid] = nil
    }

    /// One frame: `address` as captured, resolved at `lookup`.
    func frame(address: UInt64, lookup: UInt64, pid: Int32, region: Region?) -> StackFrame {
        guard let region, region.contains(lookup) else { return StackFrame(address: address) }
        if region.pathname == "[vdso]" {
            return StackFrame(address: address, module: "[vdso]", moduleOffset: address &- region.start)
        }
        guard region.pathname.hasPrefix("/"), region.inode != 0 else { return StackFrame(address: address) }
        var frame = StackFrame(address: address, module: region.pathname,
                               moduleOffset: address &- region.start &+ region.offset)
        guard let table = module(for: region, pid: pid)?.symbols else { return frame }
        frame.buildID = table.buildID
        let fileOffset = lookup - region.start &+ region.offset
        if let elfAddress = table.virtualAddress(fileOffset: fileOffset), let symbol = table.symbol(covering: elfAddress) {
            frame.symbol = SymbolDemangler.readable(symbol.name)
            frame.symbolOffset = elfAddress &+ (address &- lookup) &- symbol.start
        }
        return frame
    }

    /// The CFA row of the code at `address`, from the .eh_frame of the file mapped there.
    /// Remembered per process by address (nil too: no CFI there), like its stacks: every record
    /// of a storm is unwound through the same few addresses, and finding a row anew costs a
    /// region lookup and a file-key hash per frame (about 4 µs a record, measured).
    func cfiRow(at address: UInt64, pid: Int32, region: (UInt64) -> Region?) -> CFARow? {
        if let known = rows[pid]?[address] { return known }
        let row = findRow(at: address, pid: pid, region: region)
        if rows[pid, default: [:]].count >= stackCacheLimit { rows[pid]?.removeAll(keepingCapacity: true) }
        rows[pid, default: [:]][address] = .some(row)
        return row
    }

    private func findRow(at address: UInt64, pid: Int32, region: (UInt64) -> Region?) -> CFARow? {
        guard let region = region(address), region.contains(address), region.pathname.hasPrefix("/"), region.inode != 0,
              let module = module(for: region, pid: pid), let cfi = module.cfi,
              let elfAddress = module.symbols.virtualAddress(fileOffset: address - region.start &+ region.offset)
        else { return nil }
        return cfi.row(at: elfAddress)
    }

    // MARK: - Files

    private struct FileKey: Hashable {
        var major: UInt32
        var minor: UInt32
        var inode: UInt64
        var path: String
    }

    /// What one file gives: its symbols, and its .eh_frame when it has one.
    private struct Module {
        var symbols: ELFSymbolTable
        var cfi: EHFrameTable?
    }

    private enum FileEntry {
        case table(Module)
        /// Could not be opened or read through `pid`'s view; another process may still open it.
        case unreadable(pid: Int32)
    }

    private func module(for region: Region, pid: Int32) -> Module? {
        let key = FileKey(major: region.deviceMajor, minor: region.deviceMinor, inode: region.inode, path: region.pathname)
        switch files[key] {
        case .table(let table)?: return table
        case .unreadable(let triedBy)? where triedBy == pid: return nil
        default: break
        }
        let table = read(region, pid: pid)
        if files.count >= 1024 { files.removeAll(keepingCapacity: true) }
        files[key] = table.map(FileEntry.table) ?? .unreadable(pid: pid)
        return table
    }

    /// The file as the process sees it: the mapping's own link in map_files (exact, even for a
    /// deleted or replaced file; needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE), else its path
    /// under the process's root (its mount namespace and chroot), else the path as vmscope sees
    /// it: a short-lived process has often exited, its /proc directory gone, before its records
    /// are read. Whichever opens, the file must be the mapped one (device and inode, which name
    /// one file on the machine whatever the path), or its names would be another file's.
    private func read(_ region: Region, pid: Int32) -> Module? {
        var candidates = [procDirectory + "/\(pid)/map_files/" + String(region.start, radix: 16) + "-"
            + String(region.end, radix: 16)]
        if !region.isDeleted {
            candidates.append(procDirectory + "/\(pid)/root" + region.pathname)
            candidates.append(region.pathname)
        }
        for path in candidates {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, UInt64(status.st_ino) == region.inode,
                  MapFiles.kernelDevice(UInt64(status.st_dev))
                    == (UInt64(region.deviceMajor) << 20 | UInt64(region.deviceMinor)) else { continue }
            filesRead += 1
            guard let symbols = try? ELFSymbolTable(descriptor: descriptor) else { return nil }
            return Module(symbols: symbols, cfi: EHFrameTable(descriptor: descriptor))
        }
        return nil
    }
}
