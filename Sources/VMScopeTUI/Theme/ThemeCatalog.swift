import Glibc

/// The themes vmscope can show: the built-in ones (themes/*.toml, carried inside the binary by
/// ThemeEmbedPlugin, so an installed binary needs no files next to it) and the user's, in
/// `$XDG_CONFIG_HOME/vmscope/themes` (else `~/.config/vmscope/themes`). A user theme overrides a
/// built-in one of the same name.
///
/// Loading never fails: a theme that cannot be used gives a one-line warning (`ThemeError`) and
/// the built-in default palette, so the view always has colours.
public struct ThemeCatalog: Sendable {
    public static let defaultName = "default"

    /// Built-in theme name → TOML text.
    public let builtIn: [String: String]
    /// Where user themes live; nil when neither XDG_CONFIG_HOME nor a home directory is known.
    public let userDirectory: String?

    public init(builtIn: [String: String] = ThemeCatalog.builtInThemes, userDirectory: String?) {
        self.builtIn = builtIn
        self.userDirectory = userDirectory
    }

    /// The catalog for this process: user themes found through its environment.
    public static func forCurrentUser() -> ThemeCatalog {
        let variable = { (name: String) -> String? in getenv(name).map { String(cString: $0) } }
        var home = variable("HOME")
        if home?.isEmpty ?? true, let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            home = String(cString: directory)
        }
        return ThemeCatalog(userDirectory: userDirectory(xdgConfigHome: variable("XDG_CONFIG_HOME"), home: home))
    }

    /// Per the XDG base directory spec: `$XDG_CONFIG_HOME` when set to an absolute path (a
    /// relative one must be ignored), else `$HOME/.config`.
    public static func userDirectory(xdgConfigHome: String?, home: String?) -> String? {
        if let xdgConfigHome, xdgConfigHome.hasPrefix("/") { return xdgConfigHome + "/vmscope/themes" }
        if let home, !home.isEmpty { return (home == "/" ? "" : home) + "/.config/vmscope/themes" }
        return nil
    }

    // MARK: - Built-in themes

    /// The themes in the binary (themes/*.toml when it was built).
    public static let builtInThemes: [String: String] = EmbeddedThemes.texts

    /// Built-in names, the default first.
    public static var builtInNames: [String] { ordered(builtInThemes.keys) }

    /// The built-in default theme. Its text is tested to parse and to style every role; the
    /// plain fallback (terminal colours, no attributes) is only for a build that broke that.
    public static let defaultPalette: Palette = {
        guard let text = builtInThemes[defaultName],
              let definition = try? ThemeParser.parse(text, file: builtInFile(defaultName)) else {
            return Palette(name: defaultName, styles: [:])
        }
        return definition.palette(named: defaultName, base: Palette(name: defaultName, styles: [:]))
    }()

    static func builtInFile(_ name: String) -> String { "\(name).toml (built-in)" }

    // MARK: - Names and cycling

    /// Every theme name, built-in and user, sorted with the default first: the order the theme
    /// key cycles through. Reads the user directory each time, so new files show up.
    public var names: [String] { Self.ordered(Set(builtIn.keys).union(userThemeNames())) }

    /// The theme after `name` in `names`, wrapping around; the first one when `name` is not
    /// there (a theme given as a path).
    public func next(after name: String) -> String {
        let all = names
        guard let index = all.firstIndex(of: name) else { return all.first ?? Self.defaultName }
        return all[(index + 1) % all.count]
    }

    /// Stems of the `*.toml` files in the user directory.
    public func userThemeNames() -> [String] {
        guard let userDirectory, let directory = opendir(userDirectory) else { return [] }
        defer { closedir(directory) }
        var found: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name.hasSuffix(".toml"), !name.hasPrefix("."), name.count > ".toml".count {
                found.append(String(name.dropLast(".toml".count)))
            }
        }
        return found
    }

    private static func ordered<Names: Sequence>(_ names: Names) -> [String] where Names.Element == String {
        let sorted = Set(names).subtracting([defaultName]).sorted()
        return [defaultName] + sorted
    }

    // MARK: - Loading

    /// The theme `nameOrPath` names: a path when it contains `/` or ends in `.toml`, else a user
    /// theme of that name, else a built-in one. On any problem: the default palette and the
    /// one-line warning to show.
    public func load(_ nameOrPath: String) -> LoadedTheme {
        do {
            return LoadedTheme(name: nameOrPath, palette: try palette(nameOrPath), warning: nil)
        } catch {
            return LoadedTheme(name: nameOrPath, palette: Self.defaultPalette, warning: error.description)
        }
    }

    /// Like `load`, but throwing the problem.
    public func palette(_ nameOrPath: String) throws(ThemeError) -> Palette {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try parse(ThemeFileText.read(nameOrPath), name: nameOrPath, file: nameOrPath)
        }
        if let userDirectory {
            let path = userDirectory + "/" + nameOrPath + ".toml"
            switch ThemeFileText.read(path) {
            case .failure(let problem) where problem.missing:
                break
            case let result:
                return try parse(result, name: nameOrPath, file: path)
            }
        }
        if let text = builtIn[nameOrPath] {
            return try parse(.success(text), name: nameOrPath, file: Self.builtInFile(nameOrPath))
        }
        let place = userDirectory.map { "; add your own as \($0)/NAME.toml" } ?? ""
        throw ThemeError(file: "\"\(nameOrPath)\"", line: nil,
                         problem: "no such theme (available: \(names.joined(separator: ", "))\(place))")
    }

    private func parse(_ text: Result<String, ThemeFileText.Problem>, name: String, file: String) throws(ThemeError) -> Palette {
        switch text {
        case .failure(let problem):
            throw ThemeError(file: file, line: nil, problem: problem.message)
        case .success(let text):
            let definition = try ThemeParser.parse(text, file: file)
            return definition.palette(named: name, base: Self.defaultPalette)
        }
    }
}
