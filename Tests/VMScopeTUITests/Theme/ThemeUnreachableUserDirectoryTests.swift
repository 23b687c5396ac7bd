import Foundation
import Testing
@testable import VMScopeTUI

/// HOME pointing somewhere unreadable (or not a directory): the user theme directory cannot be
/// looked into, so there are no user themes; no theme was asked for by path, so nothing is
/// complained about. (As root EACCES cannot be provoked; a HOME that is a regular file gives
/// ENOTDIR on the same path through the code: the file's existence cannot be known.)
@Suite struct ThemeUnreachableUserDirectoryTests {
    @Test func theDefaultLoadsSilentlyWhenTheUserDirectoryCannotBeReached() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-home-\(UUID().uuidString)").path
        try "not a directory".write(toFile: home, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let catalog = ThemeCatalog(userDirectory: ThemeCatalog.userDirectory(xdgConfigHome: nil, home: home))

        let loaded = catalog.load(ThemeCatalog.defaultName)
        #expect(loaded.warning == nil)
        #expect(loaded.name == ThemeCatalog.defaultName)
        // Cycling to another built-in theme is just as quiet.
        #expect(catalog.load("light").warning == nil)
        #expect(catalog.names == ThemeCatalog.builtInNames)
    }

    @Test func aUserThemeThatExistsButCannotBeReadIsStillReported() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-themes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/light.toml", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let warning = try #require(ThemeCatalog(userDirectory: directory).load("light").warning)
        #expect(warning.contains(directory + "/light.toml"))
    }
}
