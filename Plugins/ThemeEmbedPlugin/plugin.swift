import Foundation
import PackagePlugin

/// Turns `themes/*.toml` into a Swift source during `swift build`, so the built-in themes
/// travel inside the binary: an installed vmscope (the executable copied alone) has them
/// without the source tree or a resource bundle. Same pattern as BPFBuildPlugin.
///
/// One build command, re-run when a theme file changes. The file list is read when SwiftPM
/// plans the build, which it does on every `swift build`, so a new theme file is picked up.
@main struct ThemeEmbedPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "themes")
        let themes = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "toml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedThemes.swift")
        let embed = try context.tool(named: "ThemeEmbed")
        return [
            .buildCommand(
                displayName: "Embedding \(themes.count) themes from themes/",
                executable: embed.url,
                arguments: ["--output", output.path(percentEncoded: false)]
                    + themes.map { $0.path(percentEncoded: false) },
                inputFiles: themes,
                outputFiles: [output]),
        ]
    }
}
