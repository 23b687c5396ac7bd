/// How a call's placement reads in words: the kernel's gap searches inside it, the collision of
/// heap and mmap area it caused, and the i386 interface when the call came through it. Apart
/// from `describe(_:)` so each front end chooses where it shows them (trace puts them at the
/// end of the call's line).
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
        let direction = search.direction == .topDown ? "top-down" : "bottom-up"
        guard search.failed else { return "\(direction) search of \(window) found it" }
        var text = "no gap of \(ByteFormatter.format(search.length)) in \(window) (\(direction))"
        if let free = search.freeInWindow {
            text += search.isFragmentation ? ": fragmentation" : ": address space full"
            text += " (free total \(ByteFormatter.format(free))"
            if let largest = search.largestGapInWindow { text += ", largest gap \(ByteFormatter.format(largest))" }
            text += ")"
        }
        return text
    }
}
