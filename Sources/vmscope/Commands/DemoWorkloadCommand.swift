import ArgumentParser

/// `vmscope demo-workload` (hidden): the memory program plain `vmscope` starts and watches.
struct DemoWorkloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-workload",
        abstract: "Grow and shrink the heap, map and unmap regions, fault pages in waves, forever (what `vmscope` with no arguments watches).",
        shouldDisplay: false)

    @Option(name: .customLong("step-ms"), help: ArgumentHelp("Milliseconds between steps.", visibility: .hidden))
    var stepMilliseconds: Int = 150

    func validate() throws {
        if !(1...10_000).contains(stepMilliseconds) {
            throw ValidationError("--step-ms must be between 1 and 10000, not \(stepMilliseconds)")
        }
    }

    func run() throws {
        DemoWorkload(stepMilliseconds: stepMilliseconds).run()
    }
}
