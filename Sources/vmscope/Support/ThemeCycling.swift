import VMScopeCore
import VMScopeTUI

/// The `t` key of the live view and the replay: the next theme in the catalogue, on the
/// terminal at once, said in the footer (its warning instead, when it could not be loaded as
/// asked).
enum ThemeCycling {
    static func next(after theme: LoadedTheme, in themes: ThemeCatalog, on terminal: NcursesTerminal,
                     footer: inout FooterMessageTimer, state: inout LiveViewState) -> LoadedTheme {
        let next = themes.load(themes.next(after: theme.name))
        terminal.palette = next.palette
        if let warning = next.warning {
            footer.show(warning, for: FooterMessageTimer.warningDuration, in: &state)
        } else {
            state.message = "theme: " + SafeText.escape(next.name)
        }
        return next
    }
}
