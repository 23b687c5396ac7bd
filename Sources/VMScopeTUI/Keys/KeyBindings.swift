/// The single table of keys: the input layer looks actions up here, the footer and the help
/// overlay describe them from here, so what the screen says is always what the keys do.
public enum KeyBindings {
    public static let all: [KeyBinding] = [
        KeyBinding(keys: [.character("q"), .control("c")], action: .quit, display: "q", footerLabel: "Quit",
                   help: "quit and restore the terminal"),
        KeyBinding(keys: [.character("?"), .character("h"), .function(1)], action: .toggleHelp, display: "?", footerLabel: "Help",
                   help: "show or hide this help (also F1)"),
        KeyBinding(keys: [.character("p")], action: .openPicker, display: "p", footerLabel: "Pick",
                   help: "pick a process to watch from all processes (adds it to the watch list)"),
        KeyBinding(keys: [.character("]")], action: .nextProcess, display: "[/]", footerLabel: "Process",
                   help: "show the previous / next watched process (each keeps its own history)"),
        KeyBinding(keys: [.character("[")], action: .previousProcess, display: "[", footerLabel: nil,
                   help: "show the previous watched process"),
        KeyBinding(keys: [.character("F")], action: .toggleFollowChildren, display: "F", footerLabel: "Follow",
                   help: "follow children: processes the watched ones fork join the watch list"),
        KeyBinding(keys: [.character("x")], action: .unwatchProcess, display: "x", footerLabel: nil,
                   help: "stop watching the shown process (take it off the watch list)"),
        KeyBinding(keys: [.character(" ")], action: .togglePause, display: "space", footerLabel: "Pause",
                   help: "freeze the picture (events are still recorded)"),
        KeyBinding(keys: [.character("s")], action: .cycleScale, display: "s", footerLabel: "Scale",
                   help: "bar scale: compressed gaps → logarithmic → linear window"),
        KeyBinding(keys: [.character("u")], action: .toggleSpaceSummary, display: "u", footerLabel: "Space",
                   help: "where the space runs out: sizes per kind, free space and fragmentation, limits"),
        KeyBinding(keys: [.character("i")], action: .toggleDetail, display: "i", footerLabel: "Detail",
                   help: "detail pane: the selected event (or region) in full, with the call stacks behind it"),
        KeyBinding(keys: [.character("+"), .character("=")], action: .zoomIn, display: "+/-", footerLabel: "Zoom",
                   help: "zoom the linear window in / out"),
        KeyBinding(keys: [.character("-"), .character("_")], action: .zoomOut, display: "-", footerLabel: nil,
                   help: "zoom the linear window out"),
        KeyBinding(keys: [.left], action: .panLeft, display: "←/→", footerLabel: "Pan",
                   help: "pan the linear window toward lower / higher addresses"),
        KeyBinding(keys: [.right], action: .panRight, display: "→", footerLabel: nil,
                   help: "pan the linear window toward higher addresses"),
        KeyBinding(keys: [.up, .character("k")], action: .moveUp, display: "↑/↓", footerLabel: "Select",
                   help: "previous / next region; event log: scroll, or move the selected line"),
        KeyBinding(keys: [.down, .character("j")], action: .moveDown, display: "↓", footerLabel: nil,
                   help: "select the next region, or scroll the event log toward the newest"),
        KeyBinding(keys: [.character("<"), .character(",")], action: .selectOlderEvent, display: "</>", footerLabel: "Event",
                   help: "select an older / newer event-log line: its gap search shows under the bar"),
        KeyBinding(keys: [.character(">"), .character(".")], action: .selectNewerEvent, display: ">", footerLabel: nil,
                   help: "select a newer event-log line (past the newest: no selection)"),
        KeyBinding(keys: [.pageUp], action: .pageUp, display: "PgUp/PgDn", footerLabel: "Page",
                   help: "move a page up / down in the focused panel"),
        KeyBinding(keys: [.pageDown], action: .pageDown, display: "PgDn", footerLabel: nil,
                   help: "move a page down in the focused panel"),
        KeyBinding(keys: [.home, .character("g")], action: .home, display: "Home/End", footerLabel: nil,
                   help: "first region / oldest event; End: last region / follow newest"),
        KeyBinding(keys: [.end, .character("G")], action: .end, display: "End", footerLabel: nil,
                   help: "last region, or follow the newest event"),
        KeyBinding(keys: [.tab], action: .nextPanel, display: "Tab", footerLabel: "Panel",
                   help: "move focus between the region table and the event log"),
        KeyBinding(keys: [.backTab], action: .previousPanel, display: "S-Tab", footerLabel: nil,
                   help: "move focus back"),
        KeyBinding(keys: [.enter], action: .jumpToSelection, display: "Enter", footerLabel: "Jump",
                   help: "zoom the bar onto the selected region (linear window)"),
        KeyBinding(keys: [.character("f")], action: .cycleEventFilter, display: "f", footerLabel: "Filter",
                   help: "cycle the event-log filter by event kind"),
        KeyBinding(keys: [.character("c")], action: .clearEventLog, display: "c", footerLabel: "Clear",
                   help: "clear the event log"),
        KeyBinding(keys: [.character("m")], action: .setMark, display: "m", footerLabel: "Mark",
                   help: "mark this moment of the shown process (again: move the mark)"),
        KeyBinding(keys: [.character("d")], action: .toggleDiff, display: "d", footerLabel: "Diff",
                   help: "what changed since the mark, and why, in place of the region table"),
        KeyBinding(keys: [.character("t")], action: .cycleTheme, display: "t", footerLabel: nil,
                   help: "next colour theme (themes/README.md; --theme picks one at start)"),
        KeyBinding(keys: [.escape], action: .dismiss, display: "Esc", footerLabel: nil,
                   help: "close this help, or end the event selection"),
        KeyBinding(keys: [.control("l")], action: .redraw, display: "^L", footerLabel: nil,
                   help: "repaint the terminal"),
    ]

    /// The action for a key, nil when the key does nothing.
    public static func action(for key: Key) -> Action? { lookup[key] }

    /// Bindings the help overlay lists: pairs like `+`/`-` are folded into the first one's row
    /// (its `display` and `help` already cover both).
    public static var helpRows: [KeyBinding] {
        all.filter { !foldedIntoPrevious.contains($0.action) }
    }

    /// Bindings the footer shows, in order.
    public static var footerRows: [KeyBinding] { all.filter { $0.footerLabel != nil } }

    /// Second halves of pairs described by the row before them.
    private static let foldedIntoPrevious: Set<Action> = [.previousProcess, .zoomOut, .panRight, .moveDown, .pageDown, .end, .previousPanel, .selectNewerEvent]

    private static let lookup: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in all { for key in binding.keys where table[key] == nil { table[key] = binding.action } }
        return table
    }()
}
