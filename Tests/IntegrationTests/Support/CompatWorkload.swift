import Foundation

/// `vmscope-workload` built as a 32-bit (ia32) program, from the same sources SwiftPM builds
/// for x86-64 (Sources/vmscope-workload), with `gcc -m32`: once per test run, into a scratch
/// directory. Needs gcc-multilib (the README's test command installs it); without it the compat
/// tests are skipped and say why.
enum CompatWorkload {
    /// The built program, or why it could not be built.
    static let built: Result<URL, CompatBuildProblem> = build()

    static var path: URL? { try? built.get() }

    /// nil when the 32-bit workload is there; else the skip reason tests show.
    static var missingReason: String? {
        if case .failure(let problem) = built { return problem.description }
        return nil
    }

    /// The package's directory, from this file's place in it (Tests/IntegrationTests/Support).
    static let packageDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func build() -> Result<URL, CompatBuildProblem> {
        let sources = packageDirectory.appendingPathComponent("Sources/vmscope-workload")
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: sources.path).filter({ $0.hasSuffix(".c") }),
              !files.isEmpty else {
            return .failure(CompatBuildProblem(description: "SKIPPED: no workload sources at \(sources.path)"))
        }
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("vmscope-workload32-\(getpid())").appendingPathComponent("vmscope-workload")
        try? FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        let arguments = ["-m32", "-O1", "-o", output.path] + files.sorted().map { sources.appendingPathComponent($0).path }
        guard let run = try? CommandRun.run(URL(fileURLWithPath: "/usr/bin/gcc"), arguments) else {
            return .failure(CompatBuildProblem(description: "SKIPPED (32-bit tests need gcc with -m32: apt-get install gcc-multilib): /usr/bin/gcc cannot be run"))
        }
        guard run.status == 0 else {
            let first = run.standardError.split(separator: "\n").first.map(String.init) ?? "gcc exited \(run.status)"
            return .failure(CompatBuildProblem(description: "SKIPPED (32-bit tests need gcc -m32: apt-get install gcc-multilib): \(first)"))
        }
        return .success(output)
    }
}

struct CompatBuildProblem: Error, CustomStringConvertible {
    let description: String
}
