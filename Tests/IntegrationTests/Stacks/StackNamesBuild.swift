import Foundation

/// Tests/Programs/stack_names.c built with gcc (PIE, with its library), once with frame
/// pointers and once without, each in its own directory (the library is built the same way as
/// the program: a leaf function without its own frame pointer hides its caller from the walk).
enum StackNamesBuild {
    static let withFramePointers: Result<URL, StackNamesBuildProblem> = build(framePointers: true)
    static let withoutFramePointers: Result<URL, StackNamesBuildProblem> = build(framePointers: false)

    static var missingReason: String? {
        if case .failure(let problem) = withFramePointers { return problem.description }
        return nil
    }

    private static func build(framePointers: Bool) -> Result<URL, StackNamesBuildProblem> {
        let sources = CompatWorkload.packageDirectory.appendingPathComponent("Tests/Programs")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vmscope-stack-names-\(getpid())-" + (framePointers ? "fp" : "nofp"))
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let flag = framePointers ? "-fno-omit-frame-pointer" : "-fomit-frame-pointer"
        let program = directory.appendingPathComponent("stack_names")
        let steps = [
            ["-O1", flag, "-shared", "-fPIC", "-o", directory.appendingPathComponent("libstacknames.so").path,
             sources.appendingPathComponent("stack_names_lib.c").path],
            ["-O1", flag, "-fPIE", "-pie", "-o", program.path, sources.appendingPathComponent("stack_names.c").path,
             "-L", directory.path, "-lstacknames", "-Wl,-rpath,$ORIGIN"],
        ]
        for arguments in steps {
            guard let run = try? CommandRun.run(URL(fileURLWithPath: "/usr/bin/gcc"), arguments) else {
                return .failure(StackNamesBuildProblem(description: "SKIPPED (needs gcc: apt-get install gcc): /usr/bin/gcc cannot be run"))
            }
            guard run.status == 0 else {
                let first = run.standardError.split(separator: "\n").first.map(String.init) ?? "gcc exited \(run.status)"
                return .failure(StackNamesBuildProblem(description: "SKIPPED (cannot build Tests/Programs/stack_names.c): \(first)"))
            }
        }
        return .success(program)
    }
}

struct StackNamesBuildProblem: Error, CustomStringConvertible {
    let description: String
}
