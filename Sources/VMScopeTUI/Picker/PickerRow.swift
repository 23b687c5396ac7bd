import Glibc
import VMScopeCore

/// One process in the picker: what /proc said about it, and whether (and how busily) it is
/// already being watched. The texts the picker draws and filters on are made once here, not
/// per frame or per key.
public struct PickerRow: Sendable, Hashable {
    public let listing: ProcessListing
    public let isWatched: Bool
    /// Memory events per second for a watched process (nil: not watched, or no rate yet).
    public let eventsPerSecond: Double?
    /// The command line as shown (escaped; `[comm]` for processes without one, as `ps` does).
    let commandText: String
    /// Escaped user name or uid.
    let userText: String
    /// comm and command line, lower-cased, for the filter.
    let searchText: String
    /// `commandText` lower-cased, for sorting by command.
    let commandSortKey: String

    public init(_ listing: ProcessListing, isWatched: Bool = false, eventsPerSecond: Double? = nil) {
        self.listing = listing
        self.isWatched = isWatched
        self.eventsPerSecond = eventsPerSecond
        commandText = listing.commandLine.isEmpty ? "[" + SafeText.escape(listing.command) + "]"
            : listing.commandLine.map { SafeText.escape($0) }.joined(separator: " ")
        userText = SafeText.escape(listing.userLabel)
        // A newline cannot be typed into the filter, so no match spans comm and command line.
        searchText = (listing.command + "\n" + listing.commandLine.joined(separator: " ")).lowercased()
        commandSortKey = commandText.lowercased()
    }

    public var pid: Int32 { listing.pid }

    /// Why Enter will not watch this process (kernel thread, permission denied, ...); nil when it can.
    public var refusal: String? { listing.unreadableReason }

    /// Whether the filter text keeps this row: a pid prefix when the filter is all digits,
    /// otherwise a case-insensitive substring of the command name or the command line.
    /// `lowercasedFilter` must already be lower-cased (done once per filtering, not per row).
    func matches(lowercasedFilter filter: String) -> Bool {
        if filter.isEmpty { return true }
        if filter.allSatisfy(\.isASCIIDigit) { return String(pid).hasPrefix(filter) }
        // A byte search on UTF-8: with Foundation imported, String.contains is NSString's search,
        // which converts both strings to UTF-16 for every row (half of a keystroke's time with
        // 5 000 processes, Benchmarks/README.md). Both sides are already lower-cased.
        var text = searchText, needle = filter
        return text.withUTF8 { text in needle.withUTF8 { needle in text.containsBytes(needle) } }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `needle` occurs in these bytes: a first-byte scan, then memcmp.
    fileprivate func containsBytes(_ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= count, let base = baseAddress, let needleBase = needle.baseAddress else { return false }
        for start in 0...(count - needle.count) where self[start] == first {
            if memcmp(base + start, needleBase, needle.count) == 0 { return true }
        }
        return false
    }
}
