import Foundation
import Testing
@testable import VMScopeTUI

/// Finding themes: built-in ones from the binary, the user's from the XDG config directory,
/// paths; cycling; and going on with the default when a theme cannot be used.
@Suite struct ThemeCatalogTests {
    /// A user theme directory of its own, removed afterwards.
    final class UserThemes {
        let directory: String

        init(_ files: [String: String]) throws {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("vmscope-themes-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, text) in files {
                try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }
    }

    @Test func userDirectoryFollowsXDG() {
        #expect(ThemeCatalog.userDirectory(xdgConfigHome: "/x/config", home: "/home/me") == "/x/config/vmscope/themes")
        // Unset, empty or relative XDG_CONFIG_HOME: ~/.config (a relative one must be ignored).
        #expect(ThemeCatalog.userDirectory(xdgConfigHome: nil, home: "/home/me") == "/home/me/.config/vmscope/themes")
        #expect(ThemeCatalog.userDirectory(xdgConfigHome: "", home: "/home/me") == "/home/me/.config/vmscope/themes")
        #expect(ThemeCatalog.userDirectory(xdgConfigHome: "rel/config", home: "/home/me") == "/home/me/.config/vmscope/themes")
        #expect(ThemeCatalog.userDirectory(xdgConfigHome: nil, home: "/") == "/.config/vmscope/themes")
        #expect(ThemeCatalog.userDirectory(xdgConfigHome: nil, home: nil) == nil)
        #expect(ThemeCatalog.userDirectory(xdgConfigHome: nil, home: "") == nil)
    }

    @Test func namesAreBuiltInPlusUserSortedWithTheDefaultFirst() throws {
        let user = try UserThemes(["zebra.toml": "", "amber.toml": "", "light.toml": "", "notes.txt": "", ".hidden.toml": ""])
        let catalog = ThemeCatalog(userDirectory: user.directory)
        #expect(catalog.names == ["default", "amber", "high-contrast", "light", "monochrome", "zebra"])
        #expect(ThemeCatalog(userDirectory: "/nonexistent/vmscope").names == ThemeCatalog.builtInNames)
        #expect(ThemeCatalog.builtInNames == ["default", "high-contrast", "light", "monochrome"])
    }

    @Test func cyclingWrapsAndStartsOverFromAPath() {
        let catalog = ThemeCatalog(userDirectory: nil)
        #expect(catalog.next(after: "default") == "high-contrast")
        #expect(catalog.next(after: "high-contrast") == "light")
        #expect(catalog.next(after: "monochrome") == "default")
        #expect(catalog.next(after: "/some/where/mine.toml") == "default")
        // A whole cycle visits every theme once.
        var seen: [String] = []
        var name = "default"
        repeat {
            seen.append(name)
            name = catalog.next(after: name)
        } while name != "default"
        #expect(seen == catalog.names)
    }

    @Test func aUserThemeOverridesABuiltInOneAndMayLeaveRolesOut() throws {
        let user = try UserThemes(["light.toml": "[roles]\nregion.heap = { fg = \"#123456\" }\n"])
        let loaded = ThemeCatalog(userDirectory: user.directory).load("light")
        #expect(loaded.warning == nil)
        #expect(loaded.name == "light")
        #expect(loaded.palette.name == "light")
        #expect(loaded.palette.style(for: .region(.heap)).foreground == .rgb(RGBColor(packed: 0x123456)))
        // Roles it leaves out look as in the default theme.
        #expect(loaded.palette.style(for: .header) == Palette.default.style(for: .header))
        for role in ThemeRole.allCases { #expect(loaded.palette.hasEntry(for: role)) }
    }

    @Test func aPathIsReadAsAFile() throws {
        let user = try UserThemes(["mine.toml": "[roles]\nheader = { attrs = [\"bold\"] }\n"])
        let catalog = ThemeCatalog(userDirectory: nil)
        let loaded = catalog.load(user.directory + "/mine.toml")
        #expect(loaded.warning == nil)
        #expect(loaded.palette.style(for: .header).attributes == [.bold])
        #expect(loaded.palette.name == user.directory + "/mine.toml")
    }

    @Test func builtInThemesLoadWithoutAnyFiles() throws {
        let catalog = ThemeCatalog(userDirectory: "/nonexistent/vmscope/themes")
        for name in ThemeCatalog.builtInNames {
            let loaded = catalog.load(name)
            #expect(loaded.warning == nil, "\(name): \(loaded.warning ?? "")")
            #expect(loaded.palette.name == name)
        }
        #expect(catalog.load("monochrome").palette.style(for: .header) == PaletteStyle(attributes: [.reverse], monochrome: [.reverse]))
    }

    // MARK: - Going on with the default

    @Test func anUnknownNameListsTheNamesAndFallsBack() {
        let catalog = ThemeCatalog(userDirectory: "/nonexistent/vmscope/themes")
        let loaded = catalog.load("solarized")
        #expect(loaded.warning == "theme \"solarized\": no such theme (available: default, high-contrast, light, monochrome; "
            + "add your own as /nonexistent/vmscope/themes/NAME.toml)")
        #expect(loaded.name == "solarized")
        #expect(loaded.palette.name == "default")
        #expect(loaded.palette.styles == Palette.default.styles)
    }

    @Test func aBrokenFileNamesFileAndLineAndFallsBack() throws {
        let user = try UserThemes(["broken.toml": "[roles]\n\n\n\n\n\n\n\n\n\n\nregion.hep = { fg = \"red\" }\n"])
        let loaded = ThemeCatalog(userDirectory: user.directory).load("broken")
        #expect(loaded.warning == "theme \(user.directory)/broken.toml, line 12: unknown role \"region.hep\" (see themes/README.md for role names)")
        #expect(loaded.name == "broken")
        #expect(loaded.palette.styles == Palette.default.styles)
    }

    @Test func aFileThatCannotBeReadSaysWhy() throws {
        let catalog = ThemeCatalog(userDirectory: nil)
        #expect(catalog.load("/nonexistent/x.toml").warning == "theme /nonexistent/x.toml: cannot read it (No such file or directory)")
        // Ending in .toml makes it a path even without a slash.
        #expect(catalog.load("nonexistent-theme.toml").warning
            == "theme nonexistent-theme.toml: cannot read it (No such file or directory)")
        #expect(catalog.load("/tmp").warning == "theme /tmp: cannot read it (not a regular file)")
        let user = try UserThemes(["latin1.toml": ""])
        try Data([0x64, 0x65, 0x73, 0x63, 0xE9]).write(to: URL(fileURLWithPath: user.directory + "/latin1.toml"))
        #expect(catalog.load(user.directory + "/latin1.toml").warning == "theme \(user.directory)/latin1.toml: not UTF-8 text")
    }

    @Test func aBrokenUserThemeDoesNotHideTheBuiltInFallback() throws {
        // A user "default.toml" that is broken: the warning names it, the built-in default is used.
        let user = try UserThemes(["default.toml": "[roles]\nheader = { fg = 300 }\n"])
        let loaded = ThemeCatalog(userDirectory: user.directory).load("default")
        #expect(loaded.warning?.hasPrefix("theme \(user.directory)/default.toml, line 2: bad colour 300") == true)
        #expect(loaded.palette.styles == Palette.default.styles)
    }
}
