import Benchmark
import BenchmarkInputs
import VMScopeCore

/// The Timeline: every event eBPF delivers is applied to the live layout, and every snapshot
/// is reconciled against what the events predicted. A monitor that falls behind here shows a
/// stale picture (or drops ring-buffer records).
func timelineBenchmarks() {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResidentDelta]
    let start: UInt64 = 1_000_000_000
    let classify: Timeline.Classifier = { RegionClassifier.classify($0, executablePath: MapsText.typicalExecutable) }

    /// A timeline that has adopted `regions` as its first snapshot (taken at `start`).
    func makeTimeline(on regions: [Region]) -> Timeline {
        let timeline = Timeline(pid: EventStream.pid, classify: classify)
        timeline.ingest(snapshot: AddressSpaceSnapshot(timestamp: start, pid: EventStream.pid, regions: regions))
        return timeline
    }

    struct Inputs {
        var regions: [Region]
        var events: [MemoryEvent]
    }

    func makeInputs(_ text: [UInt8], events count: Int) -> Inputs {
        let regions = MapsText.classifiedRegions(text, executablePath: MapsText.typicalExecutable)
        return Inputs(regions: regions, events: EventStream.mixed(count: count, on: regions, after: start))
    }

    // One second of a very busy process, applied in one go: the bare cost per event.
    Benchmark("Timeline.apply 100000 events on 400 regions", configuration: .init(metrics: metrics)) { benchmark, input in
        let timeline = makeTimeline(on: input.regions)
        benchmark.startMeasurement()
        timeline.apply(contentsOf: input.events)
        benchmark.stopMeasurement()
        blackHole(timeline)
    } setup: {
        makeInputs(MapsText.typical(), events: 100_000)
    }

    // The same second in 20 drains of 5 000 events (trace drains every 50 ms, the live view every 100 ms),
    // each followed by the classified layout a frame reads.
    Benchmark("Timeline.apply 100000 events in 20 drains with classified layout each",
              configuration: .init(metrics: metrics)) { benchmark, input in
        let timeline = makeTimeline(on: input.regions)
        benchmark.startMeasurement()
        var drainStart = 0
        while drainStart < input.events.count {
            let drainEnd = min(drainStart + 5_000, input.events.count)
            timeline.apply(contentsOf: input.events[drainStart..<drainEnd])
            blackHole(timeline.currentRegions)
            drainStart = drainEnd
        }
        benchmark.stopMeasurement()
        blackHole(timeline)
    } setup: {
        makeInputs(MapsText.typical(), events: 100_000)
    }

    // The same kind of events on a 65 000-region layout: each edit rewrites a slice of one
    // sorted array, so a big layout costs more per event.
    Benchmark("Timeline.apply 10000 events on 65000 regions", configuration: .init(metrics: metrics)) { benchmark, input in
        let timeline = makeTimeline(on: input.regions)
        benchmark.startMeasurement()
        timeline.apply(contentsOf: input.events)
        benchmark.stopMeasurement()
        blackHole(timeline)
    } setup: {
        makeInputs(MapsText.huge(), events: 10_000)
    }

    // A poll of a busy process: 5 000 events since the last snapshot, then the new snapshot
    // (what the events predict, as the kernel would show it) is reconciled and adopted.
    Benchmark("Timeline.ingest snapshot after 5000 events on 400 regions",
              configuration: .init(metrics: metrics)) { benchmark, input in
        let (inputs, snapshot) = input
        let timeline = makeTimeline(on: inputs.regions)
        timeline.apply(contentsOf: inputs.events)
        benchmark.startMeasurement()
        let report = timeline.ingest(snapshot: snapshot)
        benchmark.stopMeasurement()
        precondition(report?.unexplainedCount == 0)
        blackHole(timeline)
    } setup: { () -> (Inputs, AddressSpaceSnapshot) in
        let inputs = makeInputs(MapsText.typical(), events: 5_000)
        var editor = AddressSpaceEditor(regions: inputs.regions)
        for event in inputs.events { editor.apply(event.kind) }
        let snapshot = AddressSpaceSnapshot(timestamp: inputs.events.last!.timestamp + 1, pid: EventStream.pid,
                                            regions: classify(editor.regions))
        return (inputs, snapshot)
    }

    // A poll of a big, quiet process: nothing happened, but all 65 000 regions are compared.
    Benchmark("Timeline.ingest 65000-region snapshot with no events",
              configuration: .init(metrics: metrics)) { benchmark, regions in
        let timeline = makeTimeline(on: regions)
        let snapshot = AddressSpaceSnapshot(timestamp: start + 500_000_000, pid: EventStream.pid, regions: regions)
        benchmark.startMeasurement()
        let report = timeline.ingest(snapshot: snapshot)
        benchmark.stopMeasurement()
        precondition(report?.unexplainedCount == 0)
        blackHole(timeline)
    } setup: {
        MapsText.classifiedRegions(MapsText.huge(), executablePath: MapsText.typicalExecutable)
    }
}
