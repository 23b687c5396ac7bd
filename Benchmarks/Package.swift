// swift-tools-version: 6.1
// ordo-one/benchmark 1.38.1 needs tools 6.1 and the MallocInterposer trait (for malloc counts).
import PackageDescription

// A package of its own so `swift test` at the root (and CI) never builds the benchmark
// dependency. It depends on vmscope by path, through the library products the root exports.
let benchmarkDependencies: [Target.Dependency] = [
    .product(name: "Benchmark", package: "benchmark"),
    "BenchmarkInputs",
]
// The plugin generates each benchmark target's `main` around its `benchmarks` closure.
let benchmarkPlugins: [Target.PluginUsage] = [.plugin(name: "BenchmarkPlugin", package: "benchmark")]

let package = Package(
    name: "vmscope-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder's name (a clone or
        // worktree need not be called vmscope).
        .package(name: "vmscope", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Synthetic but realistic inputs (maps text, event streams, process lists) shared by
        // the benchmark targets, so every target measures the same shapes.
        .target(name: "BenchmarkInputs",
                dependencies: [.product(name: "VMScopeCore", package: "vmscope")]),

        // /proc parsing and reading, the Timeline, the address bar geometry.
        .executableTarget(name: "CoreBenchmarks",
                          dependencies: benchmarkDependencies + [.product(name: "VMScopeCore", package: "vmscope")],
                          path: "Benchmarks/CoreBenchmarks", plugins: benchmarkPlugins),

        // The picker, a whole live-view frame off-screen, theme colour degradation.
        .executableTarget(name: "TUIBenchmarks",
                          dependencies: benchmarkDependencies + [
                              .product(name: "VMScopeCore", package: "vmscope"),
                              .product(name: "VMScopeTUI", package: "vmscope"),
                          ],
                          path: "Benchmarks/TUIBenchmarks", plugins: benchmarkPlugins),

        // Decoding eBPF ring-buffer records (no kernel needed).
        .executableTarget(name: "ProbeBenchmarks",
                          dependencies: benchmarkDependencies + [
                              .product(name: "VMScopeCore", package: "vmscope"),
                              .product(name: "VMScopeProbe", package: "vmscope"),
                          ],
                          path: "Benchmarks/ProbeBenchmarks", plugins: benchmarkPlugins),
    ]
)
