import VMScopeCore

/// The user's place in one process's view: what is selected and scrolled, which panel has the
/// focus and how the bar is scaled. Saved when another watched process is shown and restored
/// when this one comes back, so switching is like switching tabs.
public struct ViewPosition: Sendable, Hashable {
    public var scale: ScaleMode
    public var selectedRegion: Int
    public var regionScroll: Int
    public var eventScroll: Int
    public var selectedEvent: Int?
    public var focus: LiveViewState.Panel

    public init(of state: LiveViewState) {
        scale = state.scale
        selectedRegion = state.selectedRegion
        regionScroll = state.regionScroll
        eventScroll = state.eventScroll
        selectedEvent = state.selectedEvent
        focus = state.focus
    }

    /// A process seen for the first time starts at the top, compressed.
    public static let initial = ViewPosition(of: LiveViewState())

    public func restore(into state: inout LiveViewState) {
        state.scale = scale
        state.selectedRegion = selectedRegion
        state.regionScroll = regionScroll
        state.eventScroll = eventScroll
        state.selectedEvent = selectedEvent
        state.focus = focus
        // The next fill replaces these; until then nothing of the previous process may show.
        state.animationFrom = nil
        state.flashes = []
        state.recentGapSearch = nil
    }
}
