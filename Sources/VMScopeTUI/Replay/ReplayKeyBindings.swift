/// The replay's keys, looked up before the live view's: space plays and pauses here rather
/// than freezing the picture. Chosen not to collide with `KeyBindings` (and shift-less where a
/// pair allows it); the footer and the help overlay list them from this table.
public enum ReplayKeyBindings {
    public struct Binding: Sendable, Hashable {
        public var keys: [Key]
        public var action: ReplayAction
        public var display: String
        public var footerLabel: String?
        public var help: String
    }

    public static let all: [Binding] = [
        Binding(keys: [.character(" ")], action: .togglePlaying, display: "space", footerLabel: "Play",
                help: "replay: play / pause (playing from the end starts again)"),
        Binding(keys: [.character("}")], action: .faster, display: "{/}", footerLabel: "Speed",
                help: "replay: slower / faster (0.25× … 64×)"),
        Binding(keys: [.character("{")], action: .slower, display: "{", footerLabel: nil,
                help: "replay: slower"),
        Binding(keys: [.character("b")], action: .stepBack, display: "b/n", footerLabel: "Step",
                help: "replay: back / forward one event (pauses)"),
        Binding(keys: [.character("n")], action: .stepForward, display: "n", footerLabel: nil,
                help: "replay: forward one event"),
        Binding(keys: [.character("(")], action: .seekBack, display: "(/)", footerLabel: "±1s",
                help: "replay: back / forward 1 s of recording time"),
        Binding(keys: [.character(")")], action: .seekForward, display: ")", footerLabel: nil,
                help: "replay: forward 1 s"),
        Binding(keys: [.character(";")], action: .seekBackLong, display: ";/'", footerLabel: "±10s",
                help: "replay: back / forward 10 s of recording time"),
        Binding(keys: [.character("'")], action: .seekForwardLong, display: "'", footerLabel: nil,
                help: "replay: forward 10 s"),
        Binding(keys: [.character("0")], action: .seekStart, display: "0/$", footerLabel: "Start/End",
                help: "replay: go to the start / the end of the recording"),
        Binding(keys: [.character("$")], action: .seekEnd, display: "$", footerLabel: nil,
                help: "replay: go to the end"),
    ]

    /// Live-view actions that have no meaning in a replay: the recording's processes are all
    /// there is, and space belongs to play / pause.
    public static let disabledLiveActions: Set<Action> = [.openPicker, .toggleFollowChildren, .unwatchProcess, .togglePause]

    public static func action(for key: Key) -> ReplayAction? { lookup[key] }

    /// Rows for the help overlay (second halves of pairs folded into the first's row).
    public static var helpRows: [Binding] {
        all.filter { !foldedIntoPrevious.contains($0.action) }
    }

    public static var footerRows: [Binding] { all.filter { $0.footerLabel != nil } }

    private static let foldedIntoPrevious: Set<ReplayAction> = [.slower, .stepForward, .seekForward, .seekForwardLong, .seekEnd]

    private static let lookup: [Key: ReplayAction] = {
        var table: [Key: ReplayAction] = [:]
        for binding in all { for key in binding.keys where table[key] == nil { table[key] = binding.action } }
        return table
    }()
}
