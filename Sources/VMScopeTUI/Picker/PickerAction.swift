/// Everything a key can ask the process picker to do. `PickerKeyBindings` maps keys to these.
public enum PickerAction: String, Sendable, Hashable, CaseIterable {
    /// Printable characters: append to the filter (not a fixed key; listed for the help).
    case typeToFilter
    case deleteFilterCharacter
    case deleteFilterWord
    case clearFilter
    case moveUp
    case moveDown
    case pageUp
    case pageDown
    case first
    case last
    case previousSortColumn
    case nextSortColumn
    case reverseSort
    /// Watch the selected process.
    case watch
    /// Clear a non-empty filter, else close the picker.
    case back
    case toggleHelp
    case redraw
    case quit
}
