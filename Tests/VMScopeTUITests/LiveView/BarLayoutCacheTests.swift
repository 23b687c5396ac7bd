import Testing
import VMScopeCore
@testable import VMScopeTUI

/// The bar's geometry is kept between frames and recomputed when what it depends on changes.
@Suite struct BarLayoutCacheTests {
    @Test func theSameInputsGiveTheSameBarAndAChangeGivesANewOne() {
        var cache = BarLayoutCache()
        var state = SampleStates.demo()
        let first = cache.layout(for: state, width: 100)
        #expect(cache.layout(for: state, width: 100) == first)
        #expect(first == AddressBarLayout(regions: state.regions, width: 100, mode: state.scale, heapMmapGap: state.heapMmapGap))
        #expect(cache.layout(for: state, width: 80).columns.count == 80)
        state.scale = .logarithmic
        #expect(cache.layout(for: state, width: 80).mode == .logarithmic)
        state.regions[SampleStates.heapIndex].end += 0x100_0000
        let grown = cache.layout(for: state, width: 80)
        #expect(grown == AddressBarLayout(regions: state.regions, width: 80, mode: .logarithmic, heapMmapGap: state.heapMmapGap))
    }

    @Test func aViewBuiltWithTheCacheDrawsWhatOneBuiltWithoutDoes() {
        var cache = BarLayoutCache()
        let state = SampleStates.demo()
        _ = LiveView(state: state, width: 100, height: 30, cache: &cache).render()
        #expect(LiveView(state: state, width: 100, height: 30, cache: &cache).render()
            == LiveView(state: state, width: 100, height: 30).render())
    }
}
