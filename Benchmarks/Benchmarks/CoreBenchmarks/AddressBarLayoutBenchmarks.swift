import Benchmark
import BenchmarkInputs
import VMScopeCore

/// The address bar's geometry, recomputed for every frame whose layout or width changed: one
/// pass over the regions plus one over the columns, so a big layout should cost little more
/// than a small one at the same width.
func addressBarLayoutBenchmarks() {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]

    struct Input {
        var regions: [Region]
        var heapMmapGap: Range<UInt64>?
    }

    func makeInput(_ text: [UInt8]) -> Input {
        let regions = MapsText.classifiedRegions(text, executablePath: MapsText.typicalExecutable)
        return Input(regions: regions, heapMmapGap: AddressSpaceSummary(regions: regions).heapMmapGap)
    }

    for (label, mode) in [("compressed", ScaleMode.compressed), ("logarithmic", ScaleMode.logarithmic)] {
        Benchmark("AddressBarLayout 65000 regions 160 columns \(label)", configuration: .init(metrics: metrics)) { benchmark, input in
            for _ in benchmark.scaledIterations {
                blackHole(AddressBarLayout(regions: input.regions, width: 160, mode: mode, heapMmapGap: input.heapMmapGap))
            }
        } setup: {
            makeInput(MapsText.huge())
        }
    }

    Benchmark("AddressBarLayout 400 regions 160 columns compressed", configuration: .init(metrics: metrics)) { benchmark, input in
        for _ in benchmark.scaledIterations {
            blackHole(AddressBarLayout(regions: input.regions, width: 160, mode: .compressed, heapMmapGap: input.heapMmapGap))
        }
    } setup: {
        makeInput(MapsText.typical())
    }
}
