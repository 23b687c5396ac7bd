import VMScopeCore

/// One line naming the colours: a swatch and label for each region kind present (in
/// `RegionKind` order), then unmapped and gap symbols. Items that do not fit are summarised
/// as `+N` rather than cut in the middle.
struct LegendWidget {
    let state: LiveViewState

    /// Kinds present in the address space, in declaration order.
    func presentKinds() -> [RegionKind] {
        state.presentRegionKinds ?? RegionKind.present(in: state.regions)
    }

    func draw(into screen: inout Screen, x: Int, y: Int, width: Int) {
        var items: [(swatch: Character, swatchRole: ThemeRole, label: String)] = presentKinds().map {
            ($0 == .guardPage ? "▒" : "█", .region($0), $0.label)
        }
        items.append(("·", .unmapped, "unmapped"))
        if state.scale == .compressed { items.append(("╫", .gapBreak, "gap")) }
        var column = x + 1
        let limit = x + width
        for (index, item) in items.enumerated() {
            let needed = 2 + TextFit.columns(item.label) + 2
            let more = items.count - index
            // Leave room for "+N" if this is not the last item.
            let reserve = index == items.count - 1 ? 0 : 4
            if column + needed - 2 > limit - reserve {
                if column + 2 + String(more).count <= limit {
                    screen.put("+\(more)", x: column, y: y, role: .dim)
                }
                return
            }
            screen[column, y] = Cell(item.swatch, role: item.swatchRole)
            screen.put(item.label, x: column + 2, y: y, role: .dim, maxWidth: limit - column - 2)
            column += needed
        }
    }
}
