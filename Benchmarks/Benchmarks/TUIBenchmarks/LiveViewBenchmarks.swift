import Benchmark
import BenchmarkInputs
import VMScopeCore
import VMScopeTUI

/// One whole live-view frame (header, bar with heat strip and gap labels, legend, region
/// table, event log, footer) rendered off-screen at 160×50. The live view redraws after every
/// drain that changed something and about 30 times a second while flashes animate, so a frame
/// has to fit well inside 33 ms.
func liveViewBenchmarks() {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResidentDelta]

    for (label, text) in [("400", MapsText.typical()), ("65000", MapsText.huge())] {
        Benchmark("LiveView.render 160x50 \(label) regions", configuration: .init(metrics: metrics)) { benchmark, state in
            for _ in benchmark.scaledIterations {
                blackHole(LiveView(state: state, width: 160, height: 50).render())
            }
        } setup: {
            busyState(text)
        }
    }
}

/// The state `ProcessViewModel.fill` hands the view for a busy process a while into watching:
/// the event log full (10 000 entries, the session's limit), 512 flashes (its limit), 2 000
/// recent faults on the heat strip, faults and residency for every region, a region selected
/// in the middle of the table.
private func busyState(_ mapsText: [UInt8]) -> LiveViewState {
    let regions = MapsText.classifiedRegions(mapsText, executablePath: MapsText.typicalExecutable)
    let summary = AddressSpaceSummary(regions: regions)
    // Late enough that the heat strip's two seconds of faults all lie after boot.
    let start: UInt64 = 10_000_000_000
    let events = EventStream.mixed(count: 10_000, on: regions, after: start)
    let now = events.last!.timestamp

    var state = LiveViewState()
    state.pid = EventStream.pid
    state.commandLine = MapsText.typicalExecutable + " -m service.main --workers 24 --port 8080"
    state.state = "S (sleeping)"
    state.uptimeSeconds = 3_725
    state.virtualSize = summary.totalVirtualSize
    state.residentSize = summary.totalVirtualSize / 5
    state.eventsPerSecond = 100_000
    state.source = "eBPF"
    state.layoutStyle = summary.layoutStyle
    state.regions = regions
    state.regionFaults = regions.indices.map { UInt64($0 % 13 == 0 ? $0 % 1_000 : 0) }
    state.regionResident = regions.map { $0.size / 3 }
    state.heapMmapGap = summary.heapMmapGap
    state.gapBytesPerSecond = -1_258_291
    state.now = now
    state.recentFaults = (0..<2_000).map {
        TimelineRecentFault(address: regions[($0 * 31) % regions.count].start, count: UInt64($0 % 7 + 1),
                            timestamp: now - UInt64($0) * 1_000_000)
    }
    state.flashes = (0..<512).map {
        let region = regions[($0 * 17) % regions.count]
        return Flash(range: region.start..<region.end, kind: [.mapped, .unmapped, .faulted][$0 % 3],
                     intensity: Double($0 % 10) / 10)
    }
    state.events = events.map { event in
        EventLogEntry(timestamp: event.timestamp, seconds: Double(event.timestamp - start) / 1e9, tid: event.tid,
                      category: EventLogCategory(event.kind), description: EventDescriber.describe(event))
    }
    state.selectedRegion = regions.count / 2
    state.regionScroll = max(0, regions.count / 2 - 10)
    return state
}
