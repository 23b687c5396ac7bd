/// The text and JSON forms of `vmscope layout`: a `pmap -x` style table with each region's
/// kind, the heap↔mmap gap and a one-line address-space bar.
///
/// Written straight to the output a row at a time, as bytes: a process can have 60 000 regions,
/// and the table must cost little next to reading maps.
public struct LayoutReport {
    public let snapshot: AddressSpaceSnapshot
    public let facts: ProcessFacts
    public let summary: AddressSpaceSummary
    /// nil when residency was not read (`--no-rss`): the RSS and DIRTY columns are left out.
    public let residency: ResidencyTable?
    public let bar: AddressBarLayout
    /// Where the space runs out: per kind, free space, headroom under the limits.
    public let space: SpaceSummary

    public init(snapshot: AddressSpaceSnapshot, facts: ProcessFacts, summary: AddressSpaceSummary,
                residency: ResidencyTable?, bar: AddressBarLayout, space: SpaceSummary) {
        self.snapshot = snapshot
        self.facts = facts
        self.summary = summary
        self.residency = residency
        self.bar = bar
        self.space = space
    }

    private var commandText: String {
        SafeText.escape(facts.commandLine.isEmpty ? facts.command : facts.commandLine.joined(separator: " "))
    }

    public func writeTable(to output: LineOutput) {
        var head = "pid \(facts.pid)  \(commandText)\n"
        head += "state \(facts.state)  VSZ \(ByteFormatter.format(summary.totalVirtualSize))"
        if let rss = facts.residentSize { head += "  RSS \(ByteFormatter.format(rss))" }
        head += "  \(snapshot.regions.count) regions  layout \(summary.layoutStyle.label)\n\n"
        output.write(head)

        var header = TextRow()
        header.append("START", width: 14)
        header.space()
        header.append("END", width: 14)
        header.space()
        header.append("SIZE", width: 9, right: true)
        if residency != nil {
            header.space()
            header.append("RSS", width: 9, right: true)
            header.space()
            header.append("DIRTY", width: 9, right: true)
        }
        header.space()
        header.append("PERM ")
        header.append("KIND", width: 12)
        header.append(" PATH\n")
        output.write(bytes: header.bytes)

        var totalResident: UInt64 = 0, totalDirty: UInt64 = 0
        for region in snapshot.regions {
            var row = TextRow()
            row.appendAddress(region.start)
            row.space()
            row.appendAddress(region.end)
            row.space()
            row.appendSize(region.size, width: 9)
            if let residency {
                let figures = residency.residency(of: region)
                totalResident += figures?.resident ?? 0
                totalDirty += figures?.dirty ?? 0
                row.space()
                if let figures { row.appendSize(figures.resident, width: 9) } else { row.append("-", width: 9, right: true) }
                row.space()
                if let figures { row.appendSize(figures.dirty, width: 9) } else { row.append("-", width: 9, right: true) }
            }
            row.space()
            row.append(region.permissions.description)
            row.space()
            row.append(region.kind.label, width: 12)
            row.space()
            row.appendUntrusted(region.pathname)
            if region.isDeleted { row.append(" (deleted)") }
            row.append("\n")
            output.write(bytes: row.bytes)
        }

        var total = TextRow()
        total.append(String(repeating: "-", count: 14 + 1 + 14))
        total.space()
        total.appendSize(summary.totalVirtualSize, width: 9)
        if let residency {
            total.space()
            if residency.isEmpty { total.append("-", width: 9, right: true) } else { total.appendSize(totalResident, width: 9) }
            total.space()
            if residency.isEmpty { total.append("-", width: 9, right: true) } else { total.appendSize(totalDirty, width: 9) }
        }
        total.append(" total\n\n")
        output.write(bytes: total.bytes)

        var tail = "heap       " + rangeText(summary.heap) + "\n"
        tail += "mmap area  " + rangeText(summary.mmapArea) + "\n"
        tail += "heap↔mmap gap  " + (summary.heapMmapGap.map {
            ByteFormatter.format($0.upperBound - $0.lowerBound) + " (" + AddressFormatter.format($0) + ")"
        } ?? "none") + "\n\n"
        tail += bar.text() + "\n" + bar.labelLine() + "\n"
        tail += AddressBarLayout.legend + "\n\n"
        tail += "where the space runs out (" + ByteFormatter.format(space.spaceLimit) + " address space)\n"
        tail += SpaceSummaryText.kindTable(space).joined(separator: "\n") + "\n"
        tail += SpaceSummaryText.free(space.free) + "\n"
        tail += SpaceSummaryText.headroomLines(space).joined(separator: "\n") + "\n"
        output.write(tail)
    }

    public func json() -> JSONLine {
        var line = JSONLine()
        line.add("pid", facts.pid)
        line.add("command", facts.command)
        line.add("cmdline", facts.commandLine)
        line.add("executable", facts.executablePath)
        line.add("state", String(facts.state.letter))
        line.add("start_time_ticks", facts.startTimeTicks)
        line.add("vsz", summary.totalVirtualSize)
        if let rss = facts.residentSize { line.add("rss", rss) }
        if let startBrk = facts.startBrk { line.add("start_brk", startBrk) }
        if let currentBreak = facts.currentBreak { line.add("brk", currentBreak) }
        line.add("layout", summary.layoutStyle.rawValue)
        addRange(&line, "heap", summary.heap)
        addRange(&line, "mmap_area", summary.mmapArea)
        addRange(&line, "heap_mmap_gap", summary.heapMmapGap)
        line.add("heap_mmap_gap_size", summary.heapMmapGapSize)
        line.add("regions", objectsOf: snapshot.regions) { object, region in
            RegionJSON.add(to: &object, region)
            if let figures = residency?.residency(of: region) {
                object.add("rss", figures.resident)
                object.add("dirty", figures.dirty)
                object.add("swap", figures.swapped)
            }
        }
        line.add("bar", bar.text())
        line.add("space", object: spaceJSON())
        return line
    }

    /// `space`: see README's `layout --json`.
    private func spaceJSON() -> JSONLine {
        var object = JSONLine()
        object.add("address_space_limit", space.spaceLimit)
        object.add("kinds", objectsOf: space.kinds) { kind, usage in
            kind.add("kind", usage.kind.label)
            kind.add("size", usage.size)
            kind.add("rss", usage.resident)
            kind.add("dirty", usage.dirty)
            kind.add("regions", usage.regionCount)
            kind.add("largest", usage.largest)
        }
        var free = JSONLine()
        free.add("total", space.free.total)
        addRange(&free, "largest_gap", space.free.largestGap)
        free.add("largest_gap_size", space.free.largestGapSize)
        free.add("gaps", space.free.gapCount)
        free.add("fragmentation", space.free.fragmentation)
        object.add("free", object: free)
        for (key, headroom) in [("rlimit_as", space.addressSpace), ("rlimit_data", space.data),
                                ("map_count", space.regions)] as [(StaticString, SpaceSummary.Headroom)] {
            var limit = JSONLine()
            limit.add("used", headroom.used)
            limit.add("limit", headroom.limit)
            limit.add("left", headroom.left)
            object.add(key, object: limit)
        }
        return object
    }

    private func addRange(_ line: inout JSONLine, _ key: StaticString, _ range: Range<UInt64>?) {
        guard let range else { return line.addRaw(key, "null") }
        var object = JSONLine()
        object.add("start", range.lowerBound)
        object.add("end", range.upperBound)
        line.add(key, object: object)
    }

    private func rangeText(_ range: Range<UInt64>?) -> String {
        guard let range else { return "none" }
        return AddressFormatter.format(range) + "  " + ByteFormatter.format(range.upperBound - range.lowerBound)
    }
}
