import Testing
import VMScopeCore
@testable import VMScopeTUI

/// The convergence gauge alone, for gaps from a page to 42 TiB, both layouts and a 32-bit
/// process, at two widths; under each rendering its roles as `RoleText` letters.
@Suite struct ConvergenceGaugeSnapshotTests {
    static let mebibyte: UInt64 = 1 << 20

    static let cases: [(String, LiveViewState)] = [
        ("top-down, 42 TiB gap, closing slowly", SampleStates.demo()),
        ("top-down, 300 MiB gap, closing 6.7 MiB/s",
         SampleStates.state(for: SampleStates.converging(heapSize: 48 * mebibyte, gap: 300 * mebibyte), gapBytesPerSecond: -7_025_459)),
        ("top-down, 4 MiB gap, closing 6.7 MiB/s",
         SampleStates.state(for: SampleStates.converging(heapSize: 96 * mebibyte, gap: 4 * mebibyte), gapBytesPerSecond: -7_025_459)),
        ("top-down, one page apart, steady",
         SampleStates.state(for: SampleStates.converging(heapSize: 96 * mebibyte, gap: 4096), gapBytesPerSecond: 0)),
        ("top-down, touching",
         SampleStates.state(for: SampleStates.converging(heapSize: 96 * mebibyte, gap: 0), gapBytesPerSecond: 0)),
        ("legacy bottom-up, opening", SampleStates.state(for: SampleStates.legacyRegions, gapBytesPerSecond: 2 * 1_048_576)),
        ("32-bit, 1.3 GiB gap, closing 64 MiB/s", SampleStates.state(for: SampleStates.compatRegions, gapBytesPerSecond: -64 * 1_048_576,
                                                                         limit: AddressSpaceLimit.thirtyTwoBit)),
    ]

    @Test func gaugeFromTinyToHugeGaps() {
        var out: [String] = []
        for width in [118, 78] {
            for (name, state) in Self.cases {
                var screen = Screen(width: width, height: 1)
                ConvergenceGaugeWidget(state: state).draw(into: &screen, x: 0, y: 0, width: width)
                out.append("== \(name), \(width) columns")
                out.append(screen.text())
                out.append(RoleText.line(screen, y: 0))
            }
        }
        SnapshotFile.check(out.joined(separator: "\n"), named: "convergence-gauge")
    }

    /// A refused brk puts a ✕ where the sides meet, on the gauge and on the bar.
    @Test func aCollisionIsMarkedOnTheGaugeAndTheBar() throws {
        var state = SampleStates.state(for: SampleStates.converging(heapSize: 96 * Self.mebibyte, gap: 512 * 1024),
                                       gapBytesPerSecond: 0)
        let obstacle = try #require(state.regions.first { $0.kind == .anonymous })
        let collision = Collision(kind: .brkRefused(requested: obstacle.start, blockedBy: obstacle),
                                  range: (obstacle.start - 512 * 1024)..<obstacle.start, reason: "brk refused")
        state.collisions = [CollisionMark(collision, timestamp: SampleStates.now)]
        let view = LiveView(state: state, width: 100, height: 30)
        let screen = view.render()
        let gaugeRow = RoleText.line(screen, y: view.layout.gauge.y)
        #expect(gaugeRow.filter { $0 == "!" }.count == 1)
        let barRow = view.layout.bar.y + view.layout.bar.height / 2
        let column = try #require(view.layout.barLayout?.column(containing: obstacle.start))
        #expect(screen[column, barRow].character == "✕")
        #expect(screen[column, barRow].role == .collision)
        SnapshotFile.check(screen.text(), named: "collision-100x30")
    }
}

/// The space summary panel (`u`): where the space runs out, in place of the table and the log.
@Suite struct SpaceSummaryPanelTests {
    static func state(limits: SpaceLimits, width: Int) -> LiveViewState {
        var state = SampleStates.demo()
        state.showSpaceSummary = true
        var residency = ResidencyTable()
        for (region, resident) in zip(state.regions, state.regionResident) {
            if let resident { residency.add(start: region.start, end: region.end, RegionResidency(resident: resident, dirty: resident / 2)) }
        }
        state.spaceSummary = SpaceSummary(regions: state.regions, residency: residency,
                                          spaceLimit: AddressSpaceLimit.fourLevel, limits: limits)
        return state
    }

    @Test func panelAt100x30() {
        let state = Self.state(limits: SpaceLimits(addressSpace: 1 << 30, data: 2 << 20, maxMapCount: 65530, minimumAddress: 65536),
                               width: 100)
        SnapshotFile.check(LiveView.render(state, width: 100, height: 30).text(), named: "space-summary-100x30")
    }

    /// Short of rows, the limits stay and the kinds are cut with a count of what is left out.
    @Test func panelOnTheSmallestScreen() {
        let state = Self.state(limits: SpaceLimits(maxMapCount: 65530), width: 60)
        let screen = LiveView.render(state, width: 60, height: 16)
        SnapshotFile.check(screen.text(), named: "space-summary-60x16")
        #expect(screen.text().contains("more kinds"))
    }

    /// A 32-bit process's summary is measured against its 4 GiB.
    @Test func aCompatProcesssSpace() {
        var state = SampleStates.state(for: SampleStates.compatRegions, gapBytesPerSecond: 0, limit: AddressSpaceLimit.thirtyTwoBit)
        state.showSpaceSummary = true
        state.spaceSummary = SpaceSummary(regions: state.regions, residency: nil, spaceLimit: AddressSpaceLimit.thirtyTwoBit,
                                          limits: SpaceLimits(data: 1 << 30, maxMapCount: 65530, minimumAddress: 65536))
        SnapshotFile.check(LiveView.render(state, width: 100, height: 24).text(), named: "space-summary-32bit-100x24")
    }

    @Test func theViewModelFillsItOnlyWhileShown() throws {
        let feed = ProcessViewModelFeed()
        feed.model.setSpaceLimits(SpaceLimits(data: 1 << 20, maxMapCount: 100))
        #expect(feed.fill().spaceSummary == nil)
        var shown = LiveViewState()
        shown.showSpaceSummary = true
        let summary = try #require(feed.fill(shown).spaceSummary)
        #expect(summary.regions.limit == 100)
        #expect(summary.regions.used == UInt64(SampleStates.demoRegions.count - 1))
        #expect(summary.data.limit == 1 << 20)
        // A new layout is summarised afresh.
        feed.take([ProcessViewModelFeed.anonymousMmap(0x7fff_f700_0000, 0x10000)])
        #expect(feed.fill(shown).spaceSummary?.regions.used == UInt64(SampleStates.demoRegions.count))
    }
}
