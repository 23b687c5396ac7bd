import VMScopeCore

/// The bar sliding from the layout before a change to the layout after it, over a few frames.
struct BarAnimation {
    static let duration: UInt64 = 240_000_000

    /// The layout the bar is animating from, and when that animation began.
    private(set) var from: [Region]?
    private(set) var start: UInt64 = 0

    func isRunning(now: UInt64) -> Bool { from != nil && now < start + Self.duration }

    /// The layout changed at `now` from `before`: the bar slides from it. A change that lands
    /// mid-animation starts over from the layout just before it (the last one's target), so a
    /// process that changes more often than an animation lasts — a busy program drains every
    /// 100 ms — is always shown sliding its latest change, never held on the layout its first
    /// animation started from.
    mutating func layoutChanged(from before: [Region], now: UInt64) {
        from = before
        start = now
    }

    /// Where the bar is at `now`: the layout it comes from and how far (0...1) it has moved;
    /// nil (and the animation over) once the duration has passed.
    mutating func frame(now: UInt64) -> (from: [Region], progress: Double)? {
        guard let from, isRunning(now: now) else {
            from = nil
            return nil
        }
        return (from, Double(now > start ? now - start : 0) / Double(Self.duration))
    }
}
