/// One row of the key table: the keys, what they do, and
/// how the footer and the help overlay describe them.
public struct KeyBinding: Sendable, Hashable {
    /// The keys that trigger `action`.
    public var keys: [Key]
    public var action: Action
    /// How the keys are shown to people: `←/→`, `PgUp`, `space`.
    public var display: String
    /// The one- or two-word footer label; nil keeps the binding out of the footer (help only).
    public var footerLabel: String?
    /// The help overlay's sentence.
    public var help: String

    public init(keys: [Key], action: Action, display: String, footerLabel: String?, help: String) {
        self.keys = keys
        self.action = action
        self.display = display
        self.footerLabel = footerLabel
        self.help = help
    }
}
