/// Reads `SpaceLimits` for a process: /proc/PID/limits (world-readable) and two sysctls.
/// `procRoot` lets tests point it at a fixture tree laid out like /proc.
public struct SpaceLimitsReader: Sendable {
    public var procRoot: String

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    /// What could be read; a file that cannot be read leaves its fields unlimited/default.
    public func read(pid: Int32) -> SpaceLimits {
        var limits = SpaceLimits()
        if case .success(let bytes) = ProcFileReader.read("\(procRoot)/\(pid)/limits") {
            let soft = Self.softLimits(String(decoding: bytes, as: UTF8.self))
            limits.addressSpace = soft["Max address space"] ?? nil
            limits.data = soft["Max data size"] ?? nil
        }
        if let count = number("\(procRoot)/sys/vm/max_map_count") { limits.maxMapCount = Int(clamping: count) }
        if let floor = number("\(procRoot)/sys/vm/mmap_min_addr") { limits.minimumAddress = floor }
        return limits
    }

    /// The soft limit of every `limits` line, by name: nil for `unlimited`. The columns are
    /// padded, but the names have single spaces, so the name is what precedes the first number
    /// or `unlimited`.
    static func softLimits(_ text: String) -> [String: UInt64?] {
        var limits: [String: UInt64?] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let words = line.split(separator: " ")
            guard let valueIndex = words.firstIndex(where: { $0 == "unlimited" || UInt64($0) != nil }) else { continue }
            let name = words[..<valueIndex].joined(separator: " ")
            limits[name] = words[valueIndex] == "unlimited" ? .some(nil) : UInt64(words[valueIndex])
        }
        return limits
    }

    private func number(_ path: String) -> UInt64? {
        guard case .success(let bytes) = ProcFileReader.read(path) else { return nil }
        return UInt64(String(decoding: bytes, as: UTF8.self).trimmingSpaces)
    }
}

private extension String {
    var trimmingSpaces: String {
        String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
