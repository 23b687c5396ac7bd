/// What a theme file says: the roles it styles (perhaps not all) and its description.
public struct ThemeDefinition: Sendable, Equatable {
    public var description: String?
    public var styles: [ThemeRole: PaletteStyle]

    public init(description: String? = nil, styles: [ThemeRole: PaletteStyle]) {
        self.description = description
        self.styles = styles
    }

    /// The roles every role-complete theme has and this one lacks.
    public var missingRoles: [ThemeRole] {
        ThemeRole.allCases.filter { styles[$0] == nil }
    }

    /// A palette called `name`; roles the file leaves out look as they do in `base` (the
    /// default theme), so a user theme can change a few roles and a theme written before a
    /// role existed still shows it.
    public func palette(named name: String, base: Palette) -> Palette {
        var merged = base.styles
        merged.merge(styles) { _, own in own }
        return Palette(name: name, styles: merged, fallback: base.fallback)
    }
}
