/// A wait(2) status in words: `exited 0`, `killed by SIGKILL`, `killed by SIGSEGV (core dumped)`.
public struct ExitStatus: Sendable, Hashable, CustomStringConvertible {
    public let raw: Int32
    public init(_ raw: Int32) { self.raw = raw }

    public var signal: Int32? { raw & 0x7f != 0 ? raw & 0x7f : nil }
    public var code: Int32? { raw & 0x7f == 0 ? (raw >> 8) & 0xff : nil }
    public var coreDumped: Bool { raw & 0x80 != 0 }

    private static let signalNames: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
        8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE",
        14: "SIGALRM", 15: "SIGTERM", 24: "SIGXCPU", 25: "SIGXFSZ", 31: "SIGSYS",
    ]

    public static func signalName(_ signal: Int32) -> String { signalNames[signal] ?? "signal \(signal)" }

    public var description: String {
        if let signal {
            return "killed by \(Self.signalName(signal))" + (coreDumped ? " (core dumped)" : "")
        }
        return "exited \(code ?? 0)"
    }
}
