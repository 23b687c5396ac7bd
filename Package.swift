// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "vmscope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vmscope", targets: ["vmscope"]),
        // For the benchmark package in Benchmarks/, which depends on this one by path.
        .library(name: "VMScopeCore", targets: ["VMScopeCore"]),
        .library(name: "VMScopeProbe", targets: ["VMScopeProbe"]),
        .library(name: "VMScopeTUI", targets: ["VMScopeTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Pure Swift: models, /proc parsers, classification, Timeline, Layout, formatting.
        .target(name: "VMScopeCore"),

        // The C view of bpf/vmscope.h, the one event layout the kernel and Swift both include.
        .target(name: "CProbe"),

        // libbpf and libelf from the system (Debian: libbpf-dev, libelf-dev).
        .systemLibrary(name: "CLibbpf", pkgConfig: "libbpf",
                       providers: [.apt(["libbpf-dev", "libelf-dev"])]),

        // ncursesw from the system (Debian: libncursesw5-dev).
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),

        // Fork-then-wait-then-exec for `trace -- CMD`: the child's pid is known (and watched)
        // before it execs.
        .target(name: "CSpawn"),

        // Turns the compiled eBPF object into a Swift source so the binary carries it.
        .executableTarget(name: "BPFEmbed"),

        // Compiles bpf/*.bpf.c with the toolchain's clang during `swift build`.
        .plugin(name: "BPFBuildPlugin", capability: .buildTool(), dependencies: ["BPFEmbed"]),

        // Turns themes/*.toml into a Swift source so the binary carries its built-in themes.
        .executableTarget(name: "ThemeEmbed"),
        .plugin(name: "ThemeEmbedPlugin", capability: .buildTool(), dependencies: ["ThemeEmbed"]),

        // C++ and Swift symbol names made readable by their runtimes' demanglers.
        .target(name: "CDemangle", linkerSettings: [.linkedLibrary("stdc++")]),

        // eBPF loader and the event sources.
        .target(name: "VMScopeProbe",
                dependencies: ["VMScopeCore", "CLibbpf", "CProbe", "CSpawn", "CDemangle"],
                plugins: ["BPFBuildPlugin"]),

        // Screen, widgets, ncurses backend.
        .target(name: "VMScopeTUI", dependencies: ["VMScopeCore", "CNcursesw"],
                plugins: ["ThemeEmbedPlugin"]),

        // The command line.
        .executableTarget(name: "vmscope",
                          dependencies: [
                              "VMScopeCore", "VMScopeProbe", "VMScopeTUI", "CSpawn",
                              .product(name: "ArgumentParser", package: "swift-argument-parser"),
                          ]),

        // A program that performs a known sequence of memory operations and reports them,
        // used by the integration tests.
        .executableTarget(name: "vmscope-workload"),

        .testTarget(name: "VMScopeCoreTests", dependencies: ["VMScopeCore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "VMScopeProbeTests", dependencies: ["VMScopeProbe", "VMScopeCore", "CProbe"]),
        .testTarget(name: "IntegrationTests", dependencies: ["VMScopeCore"]),
        // Seeded mutation fuzzing of every parser of outside input (a few seconds under
        // `swift test`; README "Fuzzing" has the long run).
        .testTarget(name: "FuzzTests",
                    dependencies: ["VMScopeCore", "VMScopeProbe", "VMScopeTUI", "CProbe", "vmscope"],
                    exclude: ["Seeds", "Regressions"]),
        .testTarget(name: "VMScopeTUITests", dependencies: ["VMScopeTUI", "VMScopeCore"], resources: [.copy("Snapshots")]),
    ]
)
