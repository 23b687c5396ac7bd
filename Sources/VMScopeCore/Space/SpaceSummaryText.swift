/// The words of a `SpaceSummary`, shared by `layout`'s text and the live view's panel so both say
/// the same thing the same way.
public enum SpaceSummaryText {
    /// `127 TiB free in 12 gaps, fragmentation 33 %, largest 85 TiB at 0x…-0x…` (the addresses
    /// last: they are what a narrow screen can lose).
    public static func free(_ free: SpaceSummary.FreeSpace) -> String {
        guard let largest = free.largestGap else { return "no free space" }
        return ByteFormatter.format(free.total) + " free in \(free.gapCount) gap" + (free.gapCount == 1 ? "" : "s")
            + ", fragmentation " + percent(free.fragmentation)
            + ", largest " + ByteFormatter.format(free.largestGapSize) + " at " + AddressFormatter.format(largest)
    }

    /// `RLIMIT_AS         unlimited (2.8 GiB used)`, `RLIMIT_DATA       712 MiB left of 1.0 GiB
    /// (312 MiB used)`, `vm.max_map_count  65394 left of 65530 (136 regions)`.
    public static func headroom(_ name: String, _ headroom: SpaceSummary.Headroom, unit: String? = nil) -> String {
        let format: (UInt64) -> String = unit == nil ? { ByteFormatter.format($0) } : { String($0) }
        let used = " (" + format(headroom.used) + " " + (unit ?? "used") + ")"
        guard let limit = headroom.limit, let left = headroom.left else { return name.padding(18) + "unlimited" + used }
        return name.padding(18) + format(left) + " left of " + format(limit) + used
    }

    /// The three limits in the order a mapping meets them.
    public static func headroomLines(_ summary: SpaceSummary) -> [String] {
        [headroom("RLIMIT_AS", summary.addressSpace), headroom("RLIMIT_DATA", summary.data),
         headroom("vm.max_map_count", summary.regions, unit: "regions")]
    }

    /// The per-kind table's heading and rows, columns padded: KIND SIZE RSS DIRTY REGIONS LARGEST.
    public static func kindTable(_ summary: SpaceSummary) -> [String] {
        var lines = ["KIND".padding(13) + "SIZE".leftPadding(9) + "RSS".leftPadding(10) + "DIRTY".leftPadding(10)
                     + "REGIONS".leftPadding(9) + "LARGEST".leftPadding(10)]
        for usage in summary.kinds {
            lines.append(usage.kind.label.padding(13) + ByteFormatter.format(usage.size).leftPadding(9)
                         + (usage.resident.map(ByteFormatter.format) ?? "-").leftPadding(10)
                         + (usage.dirty.map(ByteFormatter.format) ?? "-").leftPadding(10)
                         + String(usage.regionCount).leftPadding(9)
                         + ByteFormatter.format(usage.largest).leftPadding(10))
        }
        return lines
    }

    /// `33 %`, `0.4 %`.
    static func percent(_ fraction: Double) -> String {
        let value = (fraction.isFinite ? max(0, min(1, fraction)) : 0) * 100
        if value > 0, value < 9.95 { return String(Int((value * 10).rounded()) / 10) + "." + String(Int((value * 10).rounded()) % 10) + " %" }
        return String(Int(value.rounded())) + " %"
    }
}

private extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
