import ArgumentParser
import VMScopeTUI

/// Which colour theme the live view starts with; `t` cycles through them while it runs.
struct ThemeOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Colour theme: \(ThemeCatalog.builtInNames.joined(separator: ", ")), one of yours in "
            + "$XDG_CONFIG_HOME/vmscope/themes (~/.config/vmscope/themes), or a .toml file's path "
            + "(themes/README.md has the format).",
        valueName: "name|path"))
    var theme: String?

    /// The theme to start with. When it cannot be used (unknown name, broken file) the result
    /// holds the default palette and a one-line warning to print; the view still starts.
    func load(from catalog: ThemeCatalog = .forCurrentUser()) -> LoadedTheme {
        catalog.load(theme ?? ThemeCatalog.defaultName)
    }
}
