import Foundation
import PackagePlugin

/// Builds the eBPF object from `bpf/*.bpf.c` during `swift build` and turns it into a Swift
/// source, so the object travels inside the binary (no resource bundle, nothing to install).
///
/// One build command, re-run only when `bpf/vmscope.bpf.c`, `bpf/vmscope.h` or clang change:
/// the package's `BPFEmbed` runs the toolchain's clang (`-target bpf`) to an object in the
/// plugin work directory, then writes `EmbeddedBPFObject.swift` holding it as one base64
/// string literal (type-checks in milliseconds, unlike a `[UInt8]` array literal).
@main struct BPFBuildPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let bpfDirectory = context.package.directoryURL.appending(path: "bpf")
        let source = bpfDirectory.appending(path: "vmscope.bpf.c")
        let header = bpfDirectory.appending(path: "vmscope.h")
        let work = context.pluginWorkDirectoryURL
        let object = work.appending(path: "vmscope.bpf.o")
        let swiftSource = work.appending(path: "EmbeddedBPFObject.swift")

        let clang = try findClang(context)
        var arguments = [
            // v3: 32-bit subregisters (the mm filter takes a pointer's low half with a 32-bit
            // move) and atomics; every kernel since 5.1 runs it.
            "-O2", "-g", "-target", "bpf", "-mcpu=v3", "-D__TARGET_ARCH_x86",
            // The BPF target has no default multiarch include directory; Debian keeps
            // <asm/types.h> (pulled in by <linux/types.h>) there.
            "-I", bpfDirectory.path(percentEncoded: false),
        ]
        for multiarch in ["/usr/include/x86_64-linux-gnu", "/usr/include/aarch64-linux-gnu"]
        where FileManager.default.fileExists(atPath: multiarch + "/asm/types.h") {
            arguments += ["-idirafter", multiarch]
            break
        }
        arguments += [
            "-Wall", "-Wno-unused-function",
            "-c", source.path(percentEncoded: false),
            "-o", object.path(percentEncoded: false),
        ]

        // One command: BPFEmbed runs clang, then embeds its object. Declaring the `.o` as an
        // output of its own command would make SwiftPM copy it into a resource bundle.
        let embed = try context.tool(named: "BPFEmbed")
        return [
            .buildCommand(
                displayName: "Compiling and embedding eBPF program vmscope.bpf.c",
                executable: embed.url,
                arguments: [
                    "--object", object.path(percentEncoded: false),
                    "--output", swiftSource.path(percentEncoded: false),
                    "--", clang.path(percentEncoded: false),
                ] + arguments,
                inputFiles: [source, header, clang],
                outputFiles: [swiftSource]),
        ]
    }

    /// The toolchain's clang: it is the one that matches the Swift compiler and is guaranteed
    /// to have the BPF backend. SwiftPM resolves tool names in the toolchain's directory first;
    /// if that fails (an unusual toolchain layout), a clang on PATH is the next best thing.
    private func findClang(_ context: PluginContext) throws -> URL {
        if let tool = try? context.tool(named: "clang") {
            return tool.url
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(filePath: String(directory)).appending(path: "clang")
            if FileManager.default.isExecutableFile(atPath: candidate.path(percentEncoded: false)) {
                return candidate
            }
        }
        throw PluginError.noClang
    }
}

enum PluginError: Error, CustomStringConvertible {
    case noClang
    var description: String {
        "BPFBuildPlugin: no clang found in the Swift toolchain or on PATH; the eBPF program needs clang with the BPF target"
    }
}
