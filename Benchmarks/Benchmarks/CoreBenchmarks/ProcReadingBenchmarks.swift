import Benchmark
import Glibc
import VMScopeCore

/// Reading the real /proc of this machine: the kernel generates these files as they are read,
/// so what is measured is mostly the kernel's work plus our parsing. The input is whatever this
/// process and this machine look like at the time; the `regions` and `processes` metrics record
/// how big it was.
func procReadingBenchmarks() {
    let regionCount = BenchmarkMetric.custom("regions read", polarity: .prefersSmaller, useScalingFactor: false)
    let processCount = BenchmarkMetric.custom("processes listed", polarity: .prefersSmaller, useScalingFactor: false)

    // One snapshot as the sampler takes it every poll interval: maps read and parsed, stat
    // checked, the exe link read, normalised and classified.
    Benchmark("SnapshotReader.read /proc/self",
              configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal, regionCount])) { benchmark in
        let reader = SnapshotReader()
        let pid = getpid()
        var regions = 0
        for _ in benchmark.scaledIterations {
            let snapshot = try! reader.read(pid: pid)
            regions = snapshot.regions.count
            blackHole(snapshot)
        }
        benchmark.measurement(regionCount, regions)
    }

    // Residency for the region table: smaps is the costliest /proc file (the kernel walks the
    // page tables of every mapping to produce it).
    Benchmark("SmapsReader.read /proc/self",
              configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal, regionCount])) { benchmark in
        let reader = SmapsReader()
        let pid = getpid()
        var regions = 0
        for _ in benchmark.scaledIterations {
            let residency = try! reader.read(pid: pid)
            regions = residency.count
            blackHole(residency)
        }
        benchmark.measurement(regionCount, regions)
    }

    // The picker's rescan every 2 s: stat, status and cmdline of every process, and a line
    // count of each one's maps.
    Benchmark("ProcessTableReader.scan /proc with mapping counts",
              configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal, processCount])) { benchmark in
        let reader = ProcessTableReader()
        var processes = 0
        for _ in benchmark.scaledIterations {
            let listings = reader.scan(countMappings: true)
            processes = listings.count
            blackHole(listings)
        }
        benchmark.measurement(processCount, processes)
    }
}
