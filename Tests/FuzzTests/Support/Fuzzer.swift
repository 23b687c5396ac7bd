import Foundation
import Glibc

/// A deterministic seeded mutation fuzzer: the same seed and iteration count try the same inputs,
/// so a failure is reproducible without the input file. Each iteration is a generated input, a
/// mutated seed, or a mutation of an earlier mutant (chains reach further from the seeds).
enum Fuzzer {
    struct Report: CustomStringConvertible {
        var target: String
        var iterations: Int
        var seed: UInt64
        var elapsed: Duration
        var slowest: Duration
        var slowestLength: Int
        var residentGrowthBytes: Int

        var description: String {
            "fuzz \(target): \(iterations) inputs, seed \(seed), \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))), "
                + "slowest input \(slowest.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 2)))) "
                + "(\(slowestLength) bytes), resident memory +\(residentGrowthBytes >> 20) MiB"
        }
    }

    /// $VMSCOPE_FUZZ_ITERATIONS for the long run; `short` keeps `swift test` to seconds.
    static func iterations(short: Int) -> Int {
        getenv("VMSCOPE_FUZZ_ITERATIONS").flatMap { Int(String(cString: $0)) } ?? short
    }

    /// What one input may take: the slowest legitimate ones take tens of milliseconds in a debug
    /// build on a busy two-core machine; anything near a second is a super-linear path.
    static let inputTimeBound = Duration.seconds(1)

    static func seed() -> UInt64 {
        getenv("VMSCOPE_FUZZ_SEED").flatMap { UInt64(String(cString: $0)) } ?? 0x766d_7363_6f70_65
    }

    /// Swift Testing runs suites in parallel; the crash capture has one input slot, so one run
    /// at a time.
    private static let oneAtATime = NSLock()

    static func run(_ target: FuzzTarget, iterations: Int, seed: UInt64 = seed()) -> Report {
        oneAtATime.lock()
        defer { oneAtATime.unlock() }
        precondition(!target.seeds.isEmpty || target.generate != nil, "\(target.name): nothing to start from")
        CrashCapture.begin(target: target.name)
        var random = FuzzRandom(seed: seed)
        let mutator = Mutator(maxLength: target.maxLength)
        var recent: [[UInt8]] = []
        let residentBefore = residentBytes()
        let clock = ContinuousClock()
        let start = clock.now
        var slowest = Duration.zero
        var slowestLength = 0

        // Every seed once as it is, then the mix.
        for index in 0..<iterations {
            let input: [UInt8]
            if index < target.seeds.count {
                input = target.seeds[index]
            } else if let generate = target.generate, random.chance(3) {
                let fresh = generate(&random)
                input = random.chance(2) ? fresh : mutator.mutate(fresh, seeds: target.seeds, using: &random)
            } else if !recent.isEmpty, random.chance(4) {
                input = mutator.mutate(recent[random.below(recent.count)], seeds: target.seeds, using: &random)
            } else {
                let base = target.seeds.isEmpty ? target.generate!(&random) : target.seeds[random.below(target.seeds.count)]
                input = mutator.mutate(base, seeds: target.seeds.isEmpty ? [base] : target.seeds, using: &random)
            }
            if recent.count < 64 { recent.append(input) } else { recent[random.below(64)] = input }

            CrashCapture.set(input)
            let began = clock.now
            target.check(input)
            let took = clock.now - began
            CrashCapture.clear()
            if took > slowest { slowest = took; slowestLength = input.count }
        }
        return Report(target: target.name, iterations: iterations, seed: seed, elapsed: clock.now - start,
                      slowest: slowest, slowestLength: slowestLength,
                      residentGrowthBytes: max(0, residentBytes() - residentBefore))
    }

    /// Resident set size from /proc/self/statm (second field, pages).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }
}
