import Foundation

/// The calling process's effective capability set, read from /proc/self/status (CapEff), so
/// the diagnosis looks at what the kernel will actually check rather than at the uid: root in
/// a container may lack them, and a non-root binary may hold them through file capabilities.
struct EffectiveCapabilities: Sendable, Equatable {
    static let sysAdmin = 21
    static let perfmon = 38
    static let bpf = 39

    let mask: UInt64

    func has(_ capability: Int) -> Bool { mask & (1 << UInt64(capability)) != 0 }

    /// CAP_BPF plus CAP_PERFMON (tracing programs, kernel 5.8+), or CAP_SYS_ADMIN alone.
    var canLoadTracingPrograms: Bool {
        (has(Self.bpf) && has(Self.perfmon)) || has(Self.sysAdmin)
    }

    /// Names of what is missing, for the one-line message.
    var missingForTracing: [String] {
        var missing: [String] = []
        if !has(Self.bpf) { missing.append("CAP_BPF") }
        if !has(Self.perfmon) { missing.append("CAP_PERFMON") }
        return missing
    }

    static func current() -> EffectiveCapabilities? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return parse(status: status)
    }

    static func parse(status: String) -> EffectiveCapabilities? {
        for line in status.split(separator: "\n") where line.hasPrefix("CapEff:") {
            let hex = line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces)
            return UInt64(hex, radix: 16).map(EffectiveCapabilities.init(mask:))
        }
        return nil
    }
}
