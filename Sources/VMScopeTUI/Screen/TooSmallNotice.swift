/// What the screen shows below the usable size: a plain statement of what is needed and what
/// there is, centred, instead of a squashed and misleading picture.
struct TooSmallNotice {
    let width: Int
    let height: Int

    func lines() -> [String] {
        ["terminal too small",
         "need at least \(LiveView.minimumWidth)×\(LiveView.minimumHeight), have \(width)×\(height)",
         "enlarge the window or press q to quit"]
    }

    func draw(into screen: inout Screen) {
        guard screen.width > 0, screen.height > 0 else { return }
        let lines = lines()
        let top = max(0, (screen.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() where top + offset < screen.height {
            let text = TextFit.truncate(line, to: screen.width)
            let x = max(0, (screen.width - TextFit.columns(text)) / 2)
            screen.put(text, x: x, y: top + offset, role: offset == 0 ? .warning : .normal, bold: offset == 0)
        }
    }
}
