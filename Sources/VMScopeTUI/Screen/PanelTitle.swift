/// The title line of a panel: a rule with the panel's name on the left and its status (scroll
/// position, filter) on the right. The focused panel's rule is heavy and bright, so where the
/// arrow keys go is visible at a glance.
enum PanelTitle {
    static func draw(into screen: inout Screen, x: Int, y: Int, width: Int, title: String,
                     status: String, focused: Bool) {
        guard width > 0 else { return }
        let rule: Character = focused ? "━" : "─"
        let ruleRole: ThemeRole = focused ? .title : .border
        for column in x..<(x + width) { screen[column, y] = Cell(rule, role: ruleRole, bold: focused) }
        let name = " " + title + " "
        let used = screen.put(TextFit.truncate(name, to: width - 1), x: x + 1, y: y, role: .title,
                              bold: focused, reverse: focused, maxWidth: width - 1)
        let room = width - used - 3
        guard !status.isEmpty, room >= 4 else { return }
        let shown = " " + TextFit.truncate(status, to: room - 2) + " "
        screen.put(shown, x: x + width - 1 - TextFit.columns(shown), y: y, role: .dim)
    }
}
