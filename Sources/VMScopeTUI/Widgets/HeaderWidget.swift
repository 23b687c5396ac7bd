import VMScopeCore

/// The header lines: who is watched and how it is doing (line 1), sizes and where the events
/// come from (line 2), and, when several processes are watched or children are followed, the
/// watch list as a strip (line 3). Anything that needs attention (the process has exited,
/// events were lost, the source is degraded) is drawn in the warning role.
struct HeaderWidget {
    let state: LiveViewState

    /// Rows the header needs for `state`.
    static func height(for state: LiveViewState) -> Int {
        showsWatchStrip(state) ? 3 : 2
    }

    static func showsWatchStrip(_ state: LiveViewState) -> Bool {
        state.watchList.count > 1 || state.followChildren
    }

    func draw(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let rows = min(rect.height, Self.height(for: state))
        screen.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: rows), role: .header)
        drawIdentity(into: &screen, x: rect.x, y: rect.y, width: rect.width)
        if rows > 1 { drawFigures(into: &screen, x: rect.x, y: rect.y + 1, width: rect.width) }
        if rows > 2 { WatchStripWidget(state: state).draw(into: &screen, x: rect.x, y: rect.y + 2, width: rect.width) }
    }

    /// `PID 4242  ./demo --flag…   S (sleeping)   up 3m07s` — the command line gets whatever the
    /// state and uptime leave, so the state (which turns into the exit status) is never cut.
    private func drawIdentity(into screen: inout Screen, x: Int, y: Int, width: Int) {
        let exited = state.exitStatus.map { ExitStatus($0).description }
        let stateText = exited ?? (state.state.isEmpty ? "?" : state.state)
        let uptime = "up " + DisplayFormat.uptime(state.uptimeSeconds)
        let right = [stateText, uptime]
        let rightWidth = right.reduce(0) { $0 + TextFit.columns($1) + 3 }
        var column = x + 1
        column += screen.put("PID ", x: column, y: y, role: .header, maxWidth: x + width - column)
        column += screen.put("\(state.pid)", x: column, y: y, role: .headerValue, bold: true, maxWidth: x + width - column)
        column += 2
        let command = SafeText.escape(state.commandLine.isEmpty ? "?" : state.commandLine)
        let commandRoom = x + width - column - rightWidth
        if commandRoom >= 4 {
            column += screen.put(TextFit.truncate(command, to: commandRoom), x: column, y: y, role: .headerValue,
                                 maxWidth: commandRoom)
        }
        // State and uptime are right-aligned so they stay put while the command changes.
        var rightColumn = max(column + 1, x + width - rightWidth + 2)
        rightColumn += screen.put(stateText, x: rightColumn, y: y, role: exited == nil ? .headerValue : .warning,
                                  bold: exited != nil, maxWidth: x + width - rightColumn)
        rightColumn += 3
        screen.put(uptime, x: rightColumn, y: y, role: .header, maxWidth: x + width - rightColumn)
    }

    /// `VSZ 12.0 MiB  RSS 3.1 MiB  lost 0  1.2k ev/s  42 regions  via eBPF  layout top-down`:
    /// ordered so that what matters most survives a narrow terminal; the source's note (why it
    /// is not eBPF) follows the source.
    private func drawFigures(into screen: inout Screen, x: Int, y: Int, width: Int) {
        let source = state.source + (state.sourceNote.map { " (" + SafeText.escape($0) + ")" } ?? "")
        let fields: [(label: String, value: String, role: ThemeRole)] = [
            ("VSZ", ByteFormatter.format(state.virtualSize), .headerValue),
            ("RSS", state.residentSize.map { ByteFormatter.format($0) } ?? "?", .headerValue),
            ("lost", "\(state.lostEvents)", state.lostEvents > 0 ? .warning : .headerValue),
            ("", DisplayFormat.rate(state.eventsPerSecond) + " ev/s", .headerValue),
            ("", "\(state.regions.count) regions", .headerValue),
            ("via", source, state.sourceNote == nil ? .headerValue : .warning),
            ("layout", state.layoutStyle.label, .headerValue),
        ]
        var column = x + 1
        let limit = x + width
        for field in fields {
            let needed = (field.label.isEmpty ? 0 : TextFit.columns(field.label) + 1) + TextFit.columns(field.value)
            let room = limit - column
            if needed > room {
                // The last field that starts gets truncated rather than vanishing; the rest go.
                if room >= 6 {
                    let text = field.label.isEmpty ? field.value : field.label + " " + field.value
                    screen.put(TextFit.truncate(text, to: room), x: column, y: y, role: field.role, maxWidth: room)
                }
                break
            }
            if !field.label.isEmpty {
                column += screen.put(field.label + " ", x: column, y: y, role: .header, maxWidth: room)
            }
            column += screen.put(field.value, x: column, y: y, role: field.role, bold: field.role == .warning,
                                 maxWidth: limit - column)
            column += 2
        }
    }
}
