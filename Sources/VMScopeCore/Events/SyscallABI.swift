/// Which system-call interface a call came through. On x86-64 Linux a process can use both: a
/// 32-bit (ia32) program makes every call through the i386 one, and a 64-bit program can make
/// one with `int 0x80`. The kernel decides per call (`in_compat_syscall()`), and so does the
/// probe: an i386 call has its own numbers and argument registers (ebx, ecx, edx, esi, edi, ebp),
/// and its mmap places mappings below 4 GiB even in a 64-bit process.
public enum SyscallABI: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case x86_64
    case i386

    /// `x86_64`, `i386`: the JSON `abi` field.
    public var description: String {
        switch self {
        case .x86_64: "x86_64"
        case .i386: "i386"
        }
    }
}
