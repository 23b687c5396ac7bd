/// A column of the process picker, in the order they appear left to right (←/→ walk this
/// order to choose the sort column).
public enum PickerColumn: String, Sendable, Hashable, CaseIterable {
    case pid
    case user
    case vsz
    case rss
    case maps
    case rate
    case command

    /// The heading.
    public var title: String {
        switch self {
        case .pid: "PID"
        case .user: "USER"
        case .vsz: "VSZ"
        case .rss: "RSS"
        case .maps: "MAPS"
        case .rate: "EV/S"
        case .command: "COMMAND"
        }
    }

    /// The direction a column sorts in when first chosen: pids, users and commands from the
    /// start of the alphabet, sizes, counts and rates biggest first (what htop does: the point of
    /// sorting by RSS is to see the biggest).
    public var startsAscending: Bool {
        switch self {
        case .pid, .user, .command: true
        case .vsz, .rss, .maps, .rate: false
        }
    }

    /// Columns wide; nil for the command, which takes what is left.
    var width: Int? {
        switch self {
        case .pid: 7       // pid_max is at most 4194304
        case .user: 8
        case .vsz, .rss: 8 // ByteFormatter: "1023 KiB"
        case .maps: 6
        case .rate: 6      // DisplayFormat.rate: "1.2k", "950"
        case .command: nil
        }
    }

    var isRightAligned: Bool { self != .user && self != .command }
}
