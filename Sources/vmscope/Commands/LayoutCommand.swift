import ArgumentParser
import Glibc
import VMScopeCore
import VMScopeProbe

/// `vmscope layout`: one snapshot, as a table (like `pmap -x`, plus the kind), the heap↔mmap
/// gap and a one-line address-space bar.
struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Show one snapshot of a process's address space: regions, heap↔mmap gap, bar.")

    // .unconditional: `-p -5` reaches validate(), which says the pid is invalid.
    @Option(name: [.customShort("p"), .customLong("pid")], parsing: .unconditional, help: "The process id to show.")
    var pid: Int32

    @Flag(help: "Write one JSON object instead of a table.")
    var json = false

    @Flag(name: .customLong("no-rss"),
          help: "Leave out resident and dirty sizes: smaps is not read (for a process with tens of thousands of mappings it costs far more than maps).")
    var noRSS = false

    @Option(help: "Columns for the address-space bar (default: the terminal's width, else 100).")
    var width: Int?

    @Option(help: "Bar scale: compressed, log or linear.")
    var scale: String = "compressed"

    func validate() throws {
        if pid <= 0 { throw ValidationError("-p needs a positive process id, not \(pid)") }
        if let width, !(8...2000).contains(width) {
            throw ValidationError("--width must be between 8 and 2000 columns, not \(width)")
        }
        if scaleMode(limit: AddressSpaceLimit.fourLevel) == nil { throw ValidationError("--scale must be compressed, log or linear, not '\(scale)'") }
    }

    /// `limit`: the process's own space, which the linear scale spans.
    private func scaleMode(limit: UInt64) -> ScaleMode? {
        switch scale {
        case "compressed": .compressed
        case "log", "logarithmic": .logarithmic
        case "linear": .linear(window: AddressSpaceLimit.window(limit))
        default: nil
        }
    }

    func run() throws {
        let snapshot: AddressSpaceSnapshot
        let facts: ProcessFacts
        do {
            // One read through the engine every front end uses (no events: a snapshot only).
            let monitor = ProcessMonitor(source: PollingEventSource(), interval: .max)
            let process = try monitor.watch(pid: pid)
            let read = try monitor.finish().compactMap { update -> AddressSpaceSnapshot? in
                if case .snapshot(_, let reconciled) = update { reconciled.snapshot } else { nil }
            }
            guard let first = read.first else {
                if let problem = process.readProblem { throw problem }
                let name = process.identity.map { " (" + SafeText.escape($0.command) + ")" } ?? ""
                if case .noAddressSpace(let why) = process.ending {
                    throw CommandError("process \(pid)\(name) is \(why); no layout to show")
                }
                throw CommandError("process \(pid)\(name) has no address space: a kernel thread or a process that has exited")
            }
            snapshot = first
            facts = try ProcessFactsReader().read(pid: pid, regions: snapshot.regions, readingRollup: !noRSS)
        } catch let error as ProcReadError {
            StandardError.print(error.description)
            throw ExitCode(1)
        } catch let error as CommandError {
            StandardError.print(error.description)
            throw ExitCode(1)
        }
        // Residency is a bonus: a process may forbid smaps while allowing maps.
        let residency = noRSS ? nil : (try? SmapsReader().read(pid: pid)) ?? ResidencyTable()
        let summary = AddressSpaceSummary(snapshot: snapshot, limit: facts.addressSpaceLimit)
        let barWidth = width ?? TerminalWidth.current() ?? 100
        let bar = AddressBarLayout(regions: snapshot.regions, width: barWidth, mode: scaleMode(limit: summary.limit)!,
                                   heapMmapGap: summary.heapMmapGap)
        let output = LineOutput()
        let space = SpaceSummary(regions: snapshot.regions, residency: residency, spaceLimit: facts.addressSpaceLimit,
                                 limits: SpaceLimitsReader().read(pid: pid))
        let report = LayoutReport(snapshot: snapshot, facts: facts, summary: summary, residency: residency, bar: bar,
                                  space: space)
        if json { report.json().write(to: output) } else { report.writeTable(to: output) }
        output.flush()
    }
}
