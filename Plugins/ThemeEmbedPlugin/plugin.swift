import Foundation
import PackagePlugin

/// Turns `themes/*.toml` into a Swift source during `swift build`, so the built-in themes
/// travel inside the binary: an installed vmscope (the executable copied alone) has them
/// without the source tree or a resource bundle. Same pattern as BPFBuildPlugin.
///
/// SwiftPM runs this plugin only when it re-plans the build, which it does when a target's
/// directory or the manifest changes, not when themes/ does. So the command's inputs are the
/// directory itself (its change time moves when a theme is added, removed or saved by
/// renaming, and ThemeEmbed lists the directory when it runs, so the list is never stale) and
/// the theme files known at planning (an edit in place). The one gap: deleting a theme file
/// stops the next build with "missing inputs" until the plan is redone (`touch Package.swift`,
/// or any source file added or removed).
@main struct ThemeEmbedPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "themes")
        let themes = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "toml" }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedThemes.swift")
        let embed = try context.tool(named: "ThemeEmbed")
        return [
            .buildCommand(
                displayName: "Embedding the themes in themes/",
                executable: embed.url,
                arguments: ["--output", output.path(percentEncoded: false), directory.path(percentEncoded: false)],
                inputFiles: [directory] + themes,
                outputFiles: [output]),
        ]
    }
}
