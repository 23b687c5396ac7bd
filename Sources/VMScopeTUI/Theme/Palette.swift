import VMScopeCore

/// Roles to styles, as data: what a theme file (`themes/`) becomes. Lookups never fail: a role
/// without an entry gets `fallback`.
public struct Palette: Sendable {
    public var name: String
    public var styles: [ThemeRole: PaletteStyle]
    public var fallback: PaletteStyle

    public init(name: String, styles: [ThemeRole: PaletteStyle], fallback: PaletteStyle = PaletteStyle()) {
        self.name = name
        self.styles = styles
        self.fallback = fallback
    }

    /// The built-in default theme (`themes/default.toml`, carried in the binary).
    public static var `default`: Palette { ThemeCatalog.defaultPalette }

    /// Heat levels outside 0...8 are clamped so a widget's rounding can never fall off the ramp.
    public static func normalized(_ role: ThemeRole) -> ThemeRole {
        if case .heat(let level) = role { return .heat(min(max(level, 0), Palette.heatLevels - 1)) }
        return role
    }

    public static let heatLevels = 9

    public func style(for role: ThemeRole) -> PaletteStyle {
        styles[Palette.normalized(role)] ?? fallback
    }

    /// Whether `role` has its own entry (tests check that every role does).
    public func hasEntry(for role: ThemeRole) -> Bool {
        styles[Palette.normalized(role)] != nil
    }
}
