/// How a call's placement reads in words: the kernel's gap searches inside it, the collision of
/// heap and mmap area it caused, and the i386 interface when the call came through it. Apart
/// from `describe(_:)` so each front end chooses where it shows them (trace puts them at the
/// end of the call's line, the live view's log a shorter form).
extension EventDescriber {
    /// `i386`, the searches and the collision, joined with "; "; nil when the event has none.
    public static func placementNotes(_ event: MemoryEvent) -> String? {
        var notes: [String] = []
        if event.abi == .i386 { notes.append("i386") }
        if !event.gapSearches.isEmpty { notes.append(describe(event.gapSearches)) }
        if let collision = event.collision { notes.append(collision.reason) }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// "top-down search of 0x…-0x… found it", or for a failure "no gap of 64 MiB in 0x…-0x…
    /// (top-down): fragmentation (free total 300 MiB, largest gap 40 MiB)".
    public static func describe(_ searches: [GapSearch]) -> String {
        searches.map(describe).joined(separator: ", then ")
    }

    public static func describe(_ search: GapSearch) -> String {
        let window = AddressFormatter.format(search.window)
        guard search.failed else { return searchOf(search) + " found it" }
        var text = noGap(search) + " in \(window) (\(directionName(search.direction)))"
        if let free = search.freeInWindow {
            text += ": " + verdict(search)
            text += " (free total \(ByteFormatter.format(free))"
            if let largest = search.largestGapInWindow { text += ", largest gap \(ByteFormatter.format(largest))" }
            text += ")"
        }
        return text
    }

    /// The same searches in a few words, for a line that also says what the call did (the live
    /// view's event log): "top-down search of 0x…-0x…", or a failure's headline only, "no gap of
    /// 100 MiB: fragmentation" (the window is on the bar when the line is selected).
    public static func describeBriefly(_ searches: [GapSearch]) -> String {
        searches.map(describeBriefly).joined(separator: ", then ")
    }

    public static func describeBriefly(_ search: GapSearch) -> String {
        guard search.failed else { return searchOf(search) }
        return search.freeInWindow == nil ? noGap(search) : noGap(search) + ": " + verdict(search)
    }

    /// `top-down` / `bottom-up`.
    public static func directionName(_ direction: GapSearch.Direction) -> String {
        direction == .topDown ? "top-down" : "bottom-up"
    }

    // The phrases both forms are built of, so the two cannot drift apart.

    private static func searchOf(_ search: GapSearch) -> String {
        "\(directionName(search.direction)) search of \(AddressFormatter.format(search.window))"
    }

    private static func noGap(_ search: GapSearch) -> String {
        "no gap of \(ByteFormatter.format(search.length))"
    }

    /// Why a measured search failed: space left but in pieces, or none left.
    private static func verdict(_ search: GapSearch) -> String {
        search.isFragmentation ? "fragmentation" : "address space full"
    }
}
