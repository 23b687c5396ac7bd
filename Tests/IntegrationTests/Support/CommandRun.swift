import Foundation

/// The result of running one command to completion.
struct CommandRun {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// Runs `executable` with `arguments`, capturing both streams. Output goes through files, not
    /// pipes, so a chatty command can never block on a full pipe.
    static func run(_ executable: URL, _ arguments: [String]) throws -> CommandRun {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("vmscope-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return CommandRun(status: process.terminationStatus,
                          standardOutput: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                          standardError: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
