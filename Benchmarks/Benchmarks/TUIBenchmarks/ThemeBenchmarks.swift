import Benchmark
import VMScopeTUI

/// Theme colours degraded to what the terminal shows: every role's 24-bit colours become the
/// nearest of the xterm 256 (or of the 16 ANSI colours) by a search in OKLab. The terminal
/// resolves each role once per theme and caches it, so this is paid when a theme is loaded or
/// cycled with `t`, on the key press that switches it.
func themeBenchmarks() {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]
    let catalog = ThemeCatalog(userDirectory: nil)

    for (label, capability) in [("256", ColorCapability.extended256), ("16", ColorCapability.basic16)] {
        Benchmark("Theme default every role resolved for \(label) colours", configuration: .init(metrics: metrics)) { benchmark, palette in
            for _ in benchmark.scaledIterations {
                for role in ThemeRole.allCases {
                    blackHole(palette.style(for: role).resolved(for: capability))
                }
            }
        } setup: {
            try catalog.palette(ThemeCatalog.defaultName)
        }
    }

    // What `t` costs: the next theme's TOML parsed into a palette, then every role resolved.
    Benchmark("Theme switch parse default.toml and resolve for 256 colours", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations {
            let palette = try! catalog.palette(ThemeCatalog.defaultName)
            for role in ThemeRole.allCases {
                blackHole(palette.style(for: role).resolved(for: .extended256))
            }
        }
    }
}
