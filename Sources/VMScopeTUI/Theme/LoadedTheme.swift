/// A theme as `ThemeCatalog.load` found it.
public struct LoadedTheme: Sendable {
    /// The name or path asked for, even when it could not be used: cycling goes on from it.
    public var name: String
    /// The theme's palette, or the built-in default when it could not be used.
    public var palette: Palette
    /// One line to show the user when the theme could not be used (`ThemeError`), else nil.
    public var warning: String?
}
