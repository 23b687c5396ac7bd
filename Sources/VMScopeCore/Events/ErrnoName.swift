/// Symbolic names for the errno values memory syscalls return, for the event log.
public enum ErrnoName {
    private static let names: [Int32: String] = [
        1: "EPERM", 2: "ENOENT", 4: "EINTR", 9: "EBADF", 11: "EAGAIN", 12: "ENOMEM", 13: "EACCES",
        14: "EFAULT", 16: "EBUSY", 17: "EEXIST", 19: "ENODEV", 22: "EINVAL", 23: "ENFILE",
        24: "EMFILE", 26: "ETXTBSY", 75: "EOVERFLOW",
    ]

    /// `EINVAL`, or `errno 123` for values without a name here.
    public static func name(_ errno: Int32) -> String {
        names[errno] ?? "errno \(errno)"
    }
}
