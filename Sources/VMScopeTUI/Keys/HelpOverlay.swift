/// The `?` overlay: a centred box listing every key binding and what it does, drawn over the
/// view. On a screen too small for the whole list it shows what fits and ends with `…`.
/// The live view's keys by default; the picker passes its own table.
struct HelpOverlay {
    /// One line of the box: the keys as shown to people, and what they do.
    struct Row {
        var display: String
        var help: String
    }

    var title = " vmscope — keys "
    var closing = "? or Esc closes this help"
    var rows: [Row] = KeyBindings.helpRows.map { Row(display: $0.display, help: $0.help) }

    /// A replay's help: its own keys, then the live view's that still work there.
    static func replay() -> HelpOverlay {
        var overlay = HelpOverlay()
        overlay.title = " vmscope replay — keys "
        overlay.rows = ReplayKeyBindings.helpRows.map { Row(display: $0.display, help: $0.help) }
            + KeyBindings.helpRows.filter { !ReplayKeyBindings.disabledLiveActions.contains($0.action) }
                .map { Row(display: $0.display, help: $0.help) }
        return overlay
    }

    func draw(into screen: inout Screen, in bounds: Rect) {
        let keyWidth = rows.map { TextFit.columns($0.display) }.max() ?? 0
        let helpWidth = rows.map { TextFit.columns($0.help) }.max() ?? 0
        // Content: "  key   help  "; box: content + 2 borders.
        let wanted = keyWidth + helpWidth + 7
        let width = min(bounds.width, max(wanted, TextFit.columns(title) + 4))
        let height = min(bounds.height, rows.count + 4)
        guard width >= 8, height >= 3 else { return }
        let box = Rect(x: bounds.x + (bounds.width - width) / 2, y: bounds.y + (bounds.height - height) / 2,
                       width: width, height: height)
        screen.fill(box, role: .normal)
        drawBorder(into: &screen, box)
        screen.put(TextFit.truncate(title, to: width - 4), x: box.x + 2, y: box.y, role: .title, bold: true)

        let inner = box.height - 2
        // The last inner row says how to close; the rows above list the keys.
        let listRows = max(0, inner - 2)
        for (offset, binding) in rows.prefix(listRows).enumerated() {
            let y = box.y + 1 + offset
            let truncated = offset == listRows - 1 && rows.count > listRows
            if truncated {
                screen.put("…", x: box.x + 2, y: y, role: .dim)
                break
            }
            screen.put(binding.display, x: box.x + 2, y: y, role: .footerKey, bold: true, maxWidth: keyWidth)
            let helpX = box.x + 2 + keyWidth + 3
            screen.put(TextFit.truncate(binding.help, to: box.maxX - 2 - helpX), x: helpX, y: y, role: .normal,
                       maxWidth: max(0, box.maxX - 2 - helpX))
        }
        if inner >= 2 {
            screen.put(TextFit.truncate(closing, to: width - 4), x: box.x + 2, y: box.maxY - 2, role: .dim)
        }
    }

    private func drawBorder(into screen: inout Screen, _ box: Rect) {
        for x in box.x..<box.maxX {
            screen[x, box.y] = Cell("─", role: .border)
            screen[x, box.maxY - 1] = Cell("─", role: .border)
        }
        for y in box.y..<box.maxY {
            screen[box.x, y] = Cell("│", role: .border)
            screen[box.maxX - 1, y] = Cell("│", role: .border)
        }
        screen[box.x, box.y] = Cell("┌", role: .border)
        screen[box.maxX - 1, box.y] = Cell("┐", role: .border)
        screen[box.x, box.maxY - 1] = Cell("└", role: .border)
        screen[box.maxX - 1, box.maxY - 1] = Cell("┘", role: .border)
    }
}
