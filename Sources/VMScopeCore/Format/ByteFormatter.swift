/// Compact binary sizes for the header, table and bar labels, in the style of htop/pmap:
/// `0 B`, `512 B`, `4.0 KiB`, `9.9 KiB`, `10 KiB`, `1.5 MiB`, `128 TiB`.
///
/// One decimal below 10 in the chosen unit, whole numbers from 10 up, so a value is at most
/// four digits plus the unit and columns stay narrow. A value that would round to 1024 moves
/// to the next unit (`1.0 MiB`, never `1024 KiB`).
public enum ByteFormatter {
    private static let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]

    public static func format(_ bytes: UInt64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        var unit = 0
        var scaled = Double(bytes)
        while scaled >= 1024, unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        let tenths = (scaled * 10).rounded()
        if tenths < 100 {
            let whole = Int(tenths) / 10, fraction = Int(tenths) % 10
            return "\(whole).\(fraction) \(units[unit])"
        }
        let whole = scaled.rounded()
        if whole >= 1024, unit < units.count - 1 { return "1.0 \(units[unit + 1])" }
        return "\(Int(whole)) \(units[unit])"
    }

    /// Signed sizes for deltas: `+4.0 KiB`, `-1.5 MiB`, `0 B`.
    public static func format(delta: Int64) -> String {
        if delta == 0 { return "0 B" }
        return (delta > 0 ? "+" : "-") + format(delta.magnitude)
    }
}
