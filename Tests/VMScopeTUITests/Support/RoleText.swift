import VMScopeCore
import VMScopeTUI

/// Spells the roles of a screen row as letters, so tests can see colours: region kinds as
/// `AddressBarLayout.symbol`, `.` unmapped, `|` gap break, `*` flashes (`~` memory given back), `!` collisions, `0-8` heat, ` ` other.
enum RoleText {
    static func letter(_ role: ThemeRole) -> Character {
        switch role {
        case .region(let kind): AddressBarLayout.symbol(for: .region(kind))
        case .unmapped: "."
        case .gapBreak: "|"
        case .flashMapped: "+"
        case .flashUnmapped: "x"
        case .flashFaulted: "*"
        case .flashReleased: "~"
        case .collision: "!"
        case .heat(let level): Character(String(level))
        default: " "
        }
    }

    static func line(_ screen: Screen, y: Int) -> String {
        var text = String((0..<screen.width).map { letter(screen[$0, y].role) })
        while text.last == " " { text.removeLast() }
        return text
    }
}
