/// One row of the picker's key table: the keys, what they do, and how the footer and the help
/// describe them (the picker's counterpart of `KeyBinding`).
public struct PickerKeyBinding: Sendable, Hashable {
    /// The keys that trigger `action` (empty for `typeToFilter`: any printable character).
    public var keys: [Key]
    public var action: PickerAction
    /// How the keys are shown to people: `↑/↓`, `Enter`, `^R`.
    public var display: String
    /// The footer's one- or two-word label; nil keeps the binding out of the footer.
    public var footerLabel: String?
    /// The help's sentence.
    public var help: String
    /// Described by the row before it (the second half of a pair such as ↑/↓): help skips it.
    public var foldedIntoPrevious: Bool

    public init(keys: [Key], action: PickerAction, display: String, footerLabel: String?, help: String,
                foldedIntoPrevious: Bool = false) {
        self.keys = keys
        self.action = action
        self.display = display
        self.footerLabel = footerLabel
        self.help = help
        self.foldedIntoPrevious = foldedIntoPrevious
    }
}
