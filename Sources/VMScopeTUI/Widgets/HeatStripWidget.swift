import VMScopeCore

/// One row under the bar: per column, how many page faults landed in that column's addresses
/// within the heat window, as ▁▂▃▄▅▆▇█ in roles `.heat(1...8)`; blank where there were none.
///
/// Levels are relative to the hottest column on a log scale, so a column with a handful of
/// faults still shows next to one with a million.
struct HeatStripWidget {
    let state: LiveViewState
    let layout: AddressBarLayout

    static let glyphs: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Recent fault counts per column. O(faults × log columns).
    func counts() -> [UInt64] {
        var counts = [UInt64](repeating: 0, count: layout.columns.count)
        for fault in state.recentFaults {
            // A timestamp after `now` (clock skew between sources) counts as brand new.
            let age = state.now > fault.timestamp ? state.now - fault.timestamp : 0
            guard age <= state.heatWindow, let column = layout.column(containing: fault.address) else { continue }
            counts[column] &+= fault.count
        }
        return counts
    }

    /// 0 for none, else 1...8 on a log scale relative to `hottest`.
    static func level(_ count: UInt64, hottest: UInt64) -> Int {
        guard count > 0, hottest > 0 else { return 0 }
        if hottest == 1 { return 8 }
        let fraction = (Double(count) + 1).logBase2 / (Double(hottest) + 1).logBase2
        return min(8, max(1, 1 + Int((fraction * 7).rounded())))
    }

    func draw(into screen: inout Screen, x: Int, y: Int) {
        let counts = counts()
        let hottest = counts.max() ?? 0
        guard hottest > 0 else { return }
        for (column, count) in counts.enumerated() {
            let level = Self.level(count, hottest: hottest)
            guard level > 0 else { continue }
            screen[x + column, y] = Cell(Self.glyphs[level - 1], role: .heat(level))
        }
    }
}

private extension Double {
    var logBase2: Double {
        // Swift's stdlib has no log2 without Foundation/Glibc; the exponent and a short series
        // on the mantissa are plenty for choosing one of eight glyphs.
        guard self > 0 else { return 0 }
        let exponent = Double(self.exponent)
        let mantissa = self.significand          // 1 ..< 2
        let t = (mantissa - 1) / (mantissa + 1)  // ln(m) = 2·atanh(t)
        let t2 = t * t
        let ln = 2 * t * (1 + t2 / 3 + t2 * t2 / 5 + t2 * t2 * t2 / 7)
        return exponent + ln / 0.693_147_180_559_945_3
    }
}
