import Foundation

/// Like `CommandRun`, but keeping the output's bytes: a check for raw control bytes must see
/// what was written, not what a String decoding made of it.
struct CommandRunBytes {
    var status: Int32
    var standardOutput: Data
    var standardError: Data
    var standardErrorText: String { String(decoding: standardError, as: UTF8.self) }

    /// Runs `executable` with `arguments`, capturing both streams. Output goes through files, not
    /// pipes, so a chatty command can never block on a full pipe.
    static func run(_ executable: URL, _ arguments: [String]) throws -> CommandRunBytes {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-run-\(UUID().uuidString)")
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
        return CommandRunBytes(status: process.terminationStatus,
                               standardOutput: (try? Data(contentsOf: out)) ?? Data(),
                               standardError: (try? Data(contentsOf: err)) ?? Data())
    }
}
