import VMScopeCore

/// The bottom line: a PAUSED badge when paused, the keys from `KeyBindings` (key in
/// `.footerKey`, word in `.footer`) as far as they fit, and the transient message on the right.
struct FooterWidget {
    let state: LiveViewState

    func draw(into screen: inout Screen, x: Int, y: Int, width: Int) {
        guard width > 0 else { return }
        screen.fill(Rect(x: x, y: y, width: width, height: 1), role: .footer)
        var column = x
        let limit = x + width
        if state.paused {
            column += screen.put(" PAUSED ", x: column, y: y, role: .warning, bold: true, reverse: true, maxWidth: width)
            column += 1
        }
        // The message takes the right end; the keys stop short of it.
        var keysLimit = limit
        if let message = state.message, !message.isEmpty {
            let text = TextFit.truncate(SafeText.escape(message), to: max(0, min(width / 2, limit - column - 2)))
            let length = TextFit.columns(text)
            if length > 0 {
                screen.put(text, x: limit - length - 1, y: y, role: .headerValue, bold: true)
                keysLimit = limit - length - 2
            }
        }
        for (display, label) in Self.keys(replay: state.replay != nil) {
            let needed = TextFit.columns(display) + 1 + TextFit.columns(label)
            if column + 1 + needed > keysLimit { break }
            column += 1
            column += screen.put(display, x: column, y: y, role: .footerKey, bold: true)
            column += 1
            column += screen.put(label, x: column, y: y, role: .footer)
            column += 1
        }
    }

    /// The keys and their labels in footer order: a replay's own first, then the live view's
    /// that still mean something there.
    static func keys(replay: Bool) -> [(display: String, label: String)] {
        let live = KeyBindings.footerRows
            .filter { !replay || !ReplayKeyBindings.disabledLiveActions.contains($0.action) }
            .compactMap { binding in binding.footerLabel.map { (binding.display, $0) } }
        guard replay else { return live }
        return ReplayKeyBindings.footerRows.compactMap { binding in binding.footerLabel.map { (binding.display, $0) } } + live
    }
}
