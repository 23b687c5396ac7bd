/// Short human formats for durations and rates in the header and event log. No Foundation:
/// these run every frame and must not depend on the locale.
enum DisplayFormat {
    /// `42s`, `3m07s`, `2h05m`, `3d04h`.
    static func uptime(_ seconds: Double) -> String {
        let total = seconds.isFinite ? Int(max(0, seconds)) : 0
        let s = total % 60, m = (total / 60) % 60, h = (total / 3600) % 24, d = total / 86_400
        if d > 0 { return "\(d)d\(twoDigits(h))h" }
        if h > 0 { return "\(h)h\(twoDigits(m))m" }
        if m > 0 { return "\(m)m\(twoDigits(s))s" }
        return "\(s)s"
    }

    /// `0`, `12`, `950`, `1.2k`, `34k`, `1.5M`: events per second in four or five columns.
    static func rate(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0" }
        if value < 10 { return tenths(value) }
        if value < 1000 { return "\(Int(value.rounded()))" }
        if value < 10_000 { return tenths(value / 1000) + "k" }
        if value < 1_000_000 { return "\(Int((value / 1000).rounded()))k" }
        return tenths(value / 1_000_000) + "M"
    }

    /// Seconds with milliseconds, `12.345`, for the event log's time column.
    static func seconds(_ value: Double) -> String {
        let millis = value.isFinite ? Int((max(0, value) * 1000).rounded()) : 0
        let fraction = millis % 1000
        let pad = fraction < 10 ? "00" : fraction < 100 ? "0" : ""
        return "\(millis / 1000).\(pad)\(fraction)"
    }

    /// One decimal: `1.2`, `0.5`.
    static func tenths(_ value: Double) -> String {
        let t = Int((value * 10).rounded())
        return "\(t / 10).\(t % 10)"
    }

    private static func twoDigits(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
