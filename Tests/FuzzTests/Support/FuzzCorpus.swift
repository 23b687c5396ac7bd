import Foundation

/// Inputs the fuzzer starts from: files under Tests/FuzzTests/Seeds/NAME (real /proc files of the
/// machine the seeds were taken on), the same files read live from this
/// machine, and the failures found so far in Tests/FuzzTests/Regressions/NAME.
enum FuzzCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func files(_ kind: String, under folder: String) -> [[UInt8]] {
        let directory = root.appendingPathComponent(folder).appendingPathComponent(kind)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap {
            (try? Data(contentsOf: directory.appendingPathComponent($0))).map { [UInt8]($0) }
        }
    }

    static func seeds(_ kind: String) -> [[UInt8]] { files(kind, under: "Seeds") }

    /// The shipped themes (themes/*.toml at the top of the package), read where they are so the
    /// seeds follow them.
    static func shippedThemes() -> [[UInt8]] {
        let directory = root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted().compactMap {
            (try? Data(contentsOf: directory.appendingPathComponent($0))).map { [UInt8]($0) }
        }
    }

    /// Crash and hang inputs kept as regression tests, each in its own file.
    static func regressions(_ kind: String) -> [[UInt8]] { files(kind, under: "Regressions") }

    /// /proc/self/FILE and /proc/1/FILE now (whatever is readable).
    static func live(_ file: String) -> [[UInt8]] {
        ["/proc/self/\(file)", "/proc/1/\(file)"].compactMap {
            FileManager.default.contents(atPath: $0).map { [UInt8]($0) }
        }
    }

    /// Line-oriented files cut into runs of 1 to 8 lines: small inputs keep a million
    /// iterations to minutes, and a run of lines is what a parser sees most of the time.
    static func lineRuns(_ files: [[UInt8]], limit: Int = 400) -> [[UInt8]] {
        var runs: [[UInt8]] = []
        for file in files {
            let lines = file.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            var index = 0
            var width = 1
            while index < lines.count, runs.count < limit {
                let end = min(lines.count, index + width)
                runs.append(Array(lines[index..<end].joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")])
                index = end
                width = width % 8 + 1
            }
        }
        return runs
    }
}
