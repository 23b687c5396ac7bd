/// The process picker's single table of keys: `PickerState` looks actions up here, and the
/// picker's footer and help describe them from here, so what the screen says is what the keys
/// do (the README's picker table is written by hand: keep it in step).
///
/// Text first: every printable character types into the filter, so the commands sit on keys
/// that cannot be typed (arrows, Enter, Esc, function keys, Ctrl letters).
public enum PickerKeyBindings {
    public static let all: [PickerKeyBinding] = [
        PickerKeyBinding(keys: [.enter], action: .watch, display: "Enter", footerLabel: "Watch",
                         help: "watch the selected process (double-click does too)"),
        PickerKeyBinding(keys: [.escape], action: .back, display: "Esc", footerLabel: "Back",
                         help: "clear the filter; with no filter, close the picker"),
        PickerKeyBinding(keys: [], action: .typeToFilter, display: "type", footerLabel: "Filter",
                         help: "filter by name or command line; digits filter by pid"),
        PickerKeyBinding(keys: [.backspace], action: .deleteFilterCharacter, display: "Bksp", footerLabel: nil,
                         help: "delete the filter's last character"),
        PickerKeyBinding(keys: [.control("w")], action: .deleteFilterWord, display: "^W", footerLabel: nil,
                         help: "delete the filter's last word"),
        PickerKeyBinding(keys: [.control("u")], action: .clearFilter, display: "^U", footerLabel: nil,
                         help: "clear the filter"),
        PickerKeyBinding(keys: [.up, .control("p")], action: .moveUp, display: "↑/↓", footerLabel: "Select",
                         help: "select the previous / next process (also ^P / ^N)"),
        PickerKeyBinding(keys: [.down, .control("n")], action: .moveDown, display: "↓", footerLabel: nil,
                         help: "select the next process", foldedIntoPrevious: true),
        PickerKeyBinding(keys: [.pageUp], action: .pageUp, display: "PgUp/PgDn", footerLabel: nil,
                         help: "move a page up / down"),
        PickerKeyBinding(keys: [.pageDown], action: .pageDown, display: "PgDn", footerLabel: nil,
                         help: "move a page down", foldedIntoPrevious: true),
        PickerKeyBinding(keys: [.home], action: .first, display: "Home/End", footerLabel: nil,
                         help: "select the first / last process"),
        PickerKeyBinding(keys: [.end], action: .last, display: "End", footerLabel: nil,
                         help: "select the last process", foldedIntoPrevious: true),
        PickerKeyBinding(keys: [.left], action: .previousSortColumn, display: "←/→", footerLabel: "Sort",
                         help: "sort by the column to the left / right (also F6)"),
        PickerKeyBinding(keys: [.right, .function(6)], action: .nextSortColumn, display: "→", footerLabel: nil,
                         help: "sort by the column to the right", foldedIntoPrevious: true),
        PickerKeyBinding(keys: [.control("r"), .function(7)], action: .reverseSort, display: "^R", footerLabel: "Reverse",
                         help: "reverse the sort order (also F7)"),
        PickerKeyBinding(keys: [.function(1)], action: .toggleHelp, display: "F1", footerLabel: "Help",
                         help: "show this help"),
        PickerKeyBinding(keys: [.control("l")], action: .redraw, display: "^L", footerLabel: nil,
                         help: "repaint the terminal"),
        PickerKeyBinding(keys: [.control("c")], action: .quit, display: "^C", footerLabel: "Quit",
                         help: "quit vmscope"),
    ]

    /// What the mouse does, for the help (clicks are not keys, so they have no row above).
    public static let mouseHelp = "click a heading to sort (again: reverse), a row to select; wheel scrolls"

    /// The action for a key; nil for printable characters (they type) and unbound keys.
    public static func action(for key: Key) -> PickerAction? { lookup[key] }

    /// The rows the help lists, pairs folded into their first half, then the mouse.
    static var helpRows: [HelpOverlay.Row] {
        all.filter { !$0.foldedIntoPrevious }.map { HelpOverlay.Row(display: $0.display, help: $0.help) }
            + [HelpOverlay.Row(display: "mouse", help: mouseHelp)]
    }

    /// Bindings the footer shows, in order.
    public static var footerRows: [PickerKeyBinding] { all.filter { $0.footerLabel != nil } }

    private static let lookup: [Key: PickerAction] = {
        var table: [Key: PickerAction] = [:]
        for binding in all { for key in binding.keys where table[key] == nil { table[key] = binding.action } }
        return table
    }()
}
