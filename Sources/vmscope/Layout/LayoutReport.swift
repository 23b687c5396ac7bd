import VMScopeCore

/// The text and JSON forms of `vmscope layout`.
struct LayoutReport {
    let snapshot: AddressSpaceSnapshot
    let facts: ProcessFacts
    let summary: AddressSpaceSummary
    let residency: ResidencyTable
    let bar: AddressBarLayout

    private var commandText: String {
        SafeText.escape(facts.commandLine.isEmpty ? facts.command : facts.commandLine.joined(separator: " "))
    }

    func table() -> String {
        var out = "pid \(facts.pid)  \(commandText)\n"
        out += "state \(facts.state)  VSZ \(ByteFormatter.format(summary.totalVirtualSize))"
        if let rss = facts.residentSize { out += "  RSS \(ByteFormatter.format(rss))" }
        out += "  \(snapshot.regions.count) regions  layout \(summary.layoutStyle.label)\n\n"
        let header = [ColumnPadding.pad("START", 14), ColumnPadding.pad("END", 14), ColumnPadding.pad("SIZE", 9, right: true), ColumnPadding.pad("RSS", 9, right: true),
                      ColumnPadding.pad("DIRTY", 9, right: true), "PERM", ColumnPadding.pad("KIND", 12), "PATH"]
        out += header.joined(separator: " ") + "\n"
        var totalResident: UInt64 = 0, totalDirty: UInt64 = 0
        for region in snapshot.regions {
            let r = residency.residency(of: region)
            totalResident += r?.resident ?? 0
            totalDirty += r?.dirty ?? 0
            var path = SafeText.escape(region.pathname)
            if region.isDeleted { path += " (deleted)" }
            let cells = [ColumnPadding.pad(AddressFormatter.format(region.start), 14), ColumnPadding.pad(AddressFormatter.format(region.end), 14),
                         ColumnPadding.pad(ByteFormatter.format(region.size), 9, right: true),
                         ColumnPadding.pad(r.map { ByteFormatter.format($0.resident) } ?? "-", 9, right: true),
                         ColumnPadding.pad(r.map { ByteFormatter.format($0.dirty) } ?? "-", 9, right: true),
                         region.permissions.description, ColumnPadding.pad(region.kind.label, 12), path]
            out += cells.joined(separator: " ") + "\n"
        }
        out += String(repeating: "-", count: 14 + 1 + 14) + " " + ColumnPadding.pad(ByteFormatter.format(summary.totalVirtualSize), 9, right: true)
            + " " + ColumnPadding.pad(residency.isEmpty ? "-" : ByteFormatter.format(totalResident), 9, right: true)
            + " " + ColumnPadding.pad(residency.isEmpty ? "-" : ByteFormatter.format(totalDirty), 9, right: true) + " total\n\n"
        out += "heap       " + rangeText(summary.heap) + "\n"
        out += "mmap area  " + rangeText(summary.mmapArea) + "\n"
        out += "heap↔mmap gap  " + (summary.heapMmapGap.map { ByteFormatter.format($0.upperBound - $0.lowerBound) + " (" + AddressFormatter.format($0) + ")" } ?? "none") + "\n\n"
        out += bar.text() + "\n" + bar.labelLine() + "\n"
        out += AddressBarLayout.legend + "\n"
        return out
    }

    func json() -> String {
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
        line.add("regions", objects: snapshot.regions.map { region in
            var object = RegionJSON.encode(region)
            if let r = residency.residency(of: region) {
                object.add("rss", r.resident)
                object.add("dirty", r.dirty)
                object.add("swap", r.swapped)
            }
            return object
        })
        line.add("bar", bar.text())
        return line.rendered
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
