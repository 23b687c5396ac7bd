import VMScopeCore

/// The picker's bottom line: its keys from `PickerKeyBindings` (key in `.footerKey`, word in
/// `.footer`) as far as they fit, and on the right the picker's message (why Enter was
/// refused) as an error.
struct PickerFooterWidget {
    let message: String?

    func draw(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        screen.fill(rect, role: .footer)
        var keysLimit = rect.maxX
        if let message, !message.isEmpty {
            let text = TextFit.truncate(SafeText.escape(message), to: max(0, rect.width * 2 / 3))
            let length = TextFit.columns(text)
            screen.put(text, x: rect.maxX - length - 1, y: rect.y, role: .error, bold: true)
            keysLimit = rect.maxX - length - 2
        }
        var x = rect.x
        for binding in PickerKeyBindings.footerRows {
            guard let label = binding.footerLabel else { continue }
            let needed = 1 + TextFit.columns(binding.display) + 1 + TextFit.columns(label)
            if x + needed > keysLimit { break }
            x += 1
            x += screen.put(binding.display, x: x, y: rect.y, role: .footerKey, bold: true)
            x += 1
            x += screen.put(label, x: x, y: rect.y, role: .footer)
            x += 1
        }
    }
}
