import VMScopeCore
import VMScopeTUI

/// The user's place in one process's view: what is selected and scrolled, which panel has the
/// focus and how the bar is scaled. Saved when another watched process is shown and restored
/// when this one comes back, so switching is like switching tabs.
struct ViewPosition {
    var scale: ScaleMode
    var selectedRegion: Int
    var regionScroll: Int
    var eventScroll: Int
    var focus: LiveViewState.Panel

    init(of state: LiveViewState) {
        scale = state.scale
        selectedRegion = state.selectedRegion
        regionScroll = state.regionScroll
        eventScroll = state.eventScroll
        focus = state.focus
    }

    /// A process seen for the first time starts at the top, compressed.
    static let initial = ViewPosition(of: LiveViewState())

    func restore(into state: inout LiveViewState) {
        state.scale = scale
        state.selectedRegion = selectedRegion
        state.regionScroll = regionScroll
        state.eventScroll = eventScroll
        state.focus = focus
        // The next fill replaces these; until then nothing of the previous process may show.
        state.animationFrom = nil
        state.flashes = []
    }
}
