/// uid → user name from a passwd file. Parsed from the file rather than asked of
/// `getpwuid`, because NSS may go to LDAP or SSSD and block a screen refresh on the network;
/// users that only such a service knows are shown by number.
public struct UserNameTable: Sendable, Hashable {
    public private(set) var names: [UInt32: String]

    public init(names: [UInt32: String] = [:]) {
        self.names = names
    }

    /// Reads `path` (default /etc/passwd); an unreadable file gives an empty table.
    public static func read(path: String = "/etc/passwd") -> UserNameTable {
        guard case .success(let bytes) = ProcFileReader.read(path) else { return UserNameTable() }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    /// `name:password:uid:gid:...` lines; comments, blank and malformed lines are skipped, and
    /// the first entry for a uid wins (as getpwuid does).
    public static func parse(_ text: String) -> UserNameTable {
        var names: [UInt32: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, !fields[0].isEmpty, let uid = UInt32(fields[2]), names[uid] == nil else { continue }
            names[uid] = String(fields[0])
        }
        return UserNameTable(names: names)
    }

    public func name(of uid: UInt32) -> String? { names[uid] }
}
