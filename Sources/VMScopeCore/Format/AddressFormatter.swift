/// Addresses as `0x7f3a12345000`: lower-case hex, at least 12 digits (all of user space on a
/// 47-bit machine) so columns line up; kernel-half addresses such as `[vsyscall]` show all 16.
public enum AddressFormatter {
    public static func format(_ address: UInt64) -> String {
        let digits = String(address, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// `0x7f3a12345000-0x7f3a12346000`, the end exclusive as in /proc/PID/maps.
    public static func format(_ range: Range<UInt64>) -> String {
        format(range.lowerBound) + "-" + format(range.upperBound)
    }
}
