/// How far a process's user address space reaches (the exclusive top), which the bar, its
/// scales and the summaries measure against: 4 GiB for a 32-bit program on this 64-bit kernel
/// (ia32 or x32: the kernel gives it TASK_SIZE 0xffffe000), 3 GiB under the ADDR_LIMIT_3GB
/// personality, else 128 TiB (47-bit, four-level page tables), or 64 PiB once a mapping lies
/// above that (five-level paging, which the kernel only uses for a mapping asked for up there).
///
/// Decided from the program's ELF class (byte 4 of /proc/PID/exe) rather than the kernel's
/// `mm->task_size`: the file is readable wherever maps is (same ptrace check), so the layout
/// command, the polling source and the live view all get it without eBPF, and a 32-bit ELF is
/// exactly what makes the kernel set TIF_ADDR32 at exec. (A 64-bit program's `int 0x80` calls
/// place mappings below 4 GiB but do not shrink its address space.)
public enum AddressSpaceLimit {
    public static let thirtyTwoBit: UInt64 = 1 << 32
    public static let threeGigabytes: UInt64 = 3 << 30
    public static let fourLevel: UInt64 = 1 << 47
    public static let fiveLevel: UInt64 = 1 << 56
    /// personality(2) flag: a 32-bit process gets 3 GiB instead of 4.
    static let addressLimit3GB: UInt32 = 0x0800_0000

    /// The limit for a program whose ELF header starts with `elfHeader` (nil: unreadable),
    /// running with `personality` (nil: unknown), mapped as `regions` (nil: not read).
    public static func limit(elfHeader: [UInt8]?, personality: UInt32?, regions: [Region]?) -> UInt64 {
        if let header = elfHeader, header.count > 4, header[0] == 0x7f, header[1] == 0x45, header[2] == 0x4c,
           header[3] == 0x46, header[4] == 1 /* ELFCLASS32 */ {
            return (personality ?? 0) & addressLimit3GB != 0 ? threeGigabytes : thirtyTwoBit
        }
        // The kernel half ([vsyscall] at 0xffffffffff600000) is not user space.
        let highest = regions?.last { $0.start < 1 << 63 }?.end ?? 0
        return highest > fourLevel ? fiveLevel : fourLevel
    }

    /// Reads what `limit` needs from `<procRoot>/<pid>`.
    public static func read(pid: Int32, procRoot: String = "/proc", regions: [Region]?) -> UInt64 {
        let directory = "\(procRoot)/\(pid)"
        let header = try? ProcFileReader.readPrefix(directory + "/exe", count: 5).get()
        var personality: UInt32?
        if case .success(let bytes) = ProcFileReader.read(directory + "/personality") {
            let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
            personality = UInt32(text, radix: 16)
        }
        return limit(elfHeader: header, personality: personality, regions: regions)
    }
}
