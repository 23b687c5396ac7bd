/// The scheduler state letter from /proc/PID/stat, with the word `ps` would use for it.
public struct ProcessState: Sendable, Hashable, CustomStringConvertible {
    /// The letter exactly as the kernel wrote it (`R`, `S`, `D`, `Z`, `T`, `t`, `X`, `I`, …).
    public var letter: Character

    public init(letter: Character) { self.letter = letter }

    /// The state in words, e.g. "sleeping"; "unknown" for letters this version does not know.
    public var word: String {
        switch letter {
        case "R": "running"
        case "S": "sleeping"
        case "D": "disk sleep"
        case "Z": "zombie"
        case "T": "stopped"
        case "t": "tracing stop"
        case "X", "x": "dead"
        case "I": "idle"
        case "P": "parked"
        case "K": "wakekill"
        case "W": "waking"
        default: "unknown"
        }
    }

    /// `S (sleeping)`, as /proc/PID/status writes it.
    public var description: String { "\(letter) (\(word))" }
}
