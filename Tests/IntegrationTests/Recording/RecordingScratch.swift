import Foundation

/// A scratch directory for recordings and the outputs compared with them, removed at the end.
final class RecordingScratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-recording-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func bytes(_ name: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path(name)) ?? Data()) }

    func write(_ bytes: [UInt8], to name: String) { FileManager.default.createFile(atPath: path(name), contents: Data(bytes)) }

    /// `vmscope ARGS`, to completion.
    func vmscope(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.run(BuiltProducts.vmscope, arguments)
    }
}
