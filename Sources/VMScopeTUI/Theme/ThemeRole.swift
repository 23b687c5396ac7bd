import VMScopeCore

/// What a cell is, not what colour it is: widgets speak only in roles, and a theme maps roles to
/// colours and attributes (`themes/`). No widget holds a colour literal.
///
/// Every role has exactly one name in theme files (`name`), derived from the enums it is built
/// of, so the list of roles a theme may set (`allCases`) cannot drift from the code.
public enum ThemeRole: Sendable, Hashable {
    /// Chrome, markers and flashes (`header`, `selection`, `flash-mapped`, ...).
    case named(NamedRole)
    /// A region of this kind on the bar, in the legend and in the table's kind column.
    case region(RegionKind)
    /// Fault heat, 0 (none) ... `Palette.heatLevels - 1` (hottest).
    case heat(Int)
    /// An event-log line of this kind.
    case event(EventLogCategory)

    // Shorthands, so widgets write `.header` rather than `.named(.header)`. They also work as
    // patterns in a `switch` (matched with ==).
    public static let normal = ThemeRole.named(.normal)
    public static let dim = ThemeRole.named(.dim)
    public static let title = ThemeRole.named(.title)
    public static let border = ThemeRole.named(.border)
    public static let header = ThemeRole.named(.header)
    public static let headerValue = ThemeRole.named(.headerValue)
    public static let footer = ThemeRole.named(.footer)
    public static let footerKey = ThemeRole.named(.footerKey)
    public static let selection = ThemeRole.named(.selection)
    public static let warning = ThemeRole.named(.warning)
    public static let error = ThemeRole.named(.error)
    public static let unmapped = ThemeRole.named(.unmapped)
    public static let gapBreak = ThemeRole.named(.gapBreak)
    public static let gapLabel = ThemeRole.named(.gapLabel)
    public static let heapMarker = ThemeRole.named(.heapMarker)
    public static let mmapMarker = ThemeRole.named(.mmapMarker)
    public static let convergenceGap = ThemeRole.named(.convergenceGap)
    public static let flashMapped = ThemeRole.named(.flashMapped)
    public static let flashUnmapped = ThemeRole.named(.flashUnmapped)
    public static let flashFaulted = ThemeRole.named(.flashFaulted)
    public static let flashReleased = ThemeRole.named(.flashReleased)
    public static let collision = ThemeRole.named(.collision)
    public static let gapSearch = ThemeRole.named(.gapSearch)
    public static let gapSearchFailed = ThemeRole.named(.gapSearchFailed)

    /// Every role a theme can set, in the order `themes/README.md` lists them.
    public static let allCases: [ThemeRole] =
        NamedRole.allCases.map { .named($0) }
        + RegionKind.allCases.map { .region($0) }
        + (0..<Palette.heatLevels).map { .heat($0) }
        + EventLogCategory.allCases.map { .event($0) }

    /// The role's name in theme files: `header`, `region.heap` (the kind's label, as in the
    /// legend), `heat.0` ... `heat.8`, `event.fault`.
    public var name: String {
        switch self {
        case .named(let role): role.rawValue
        case .region(let kind): "region." + kind.label
        case .heat(let level): "heat.\(level)"
        case .event(let category): "event." + category.rawValue
        }
    }

    /// The role called `name` in theme files, or nil when there is none.
    public init?(name: String) {
        guard let role = Self.byName[name] else { return nil }
        self = role
    }

    private static let byName: [String: ThemeRole] =
        Dictionary(allCases.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
}
