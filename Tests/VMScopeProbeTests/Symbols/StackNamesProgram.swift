import Foundation
import VMScopeCore

/// Tests/Programs/stack_names.c and its library built with gcc, once per test run, into a
/// scratch directory: PIE and non-PIE, with and without frame pointers, stripped (with and
/// without -rdynamic). Without gcc or strip the tests that need them are skipped and say why.
enum StackNamesProgram {
    /// The build-id every build is given (`--build-id=0x…`), so the tests know what to expect.
    static let programBuildID = "5eed000000000000000000000000000000000001"
    static let libraryBuildID = "5eed000000000000000000000000000000000002"

    enum Variant: String, CaseIterable, Sendable {
        case pieFramePointers = "pie-fp"
        case pieNoFramePointers = "pie-nofp"
        case nonPIEFramePointers = "nopie-fp"
        case nonPIENoFramePointers = "nopie-nofp"
        case stripped = "stripped"
        case strippedExported = "stripped-rdynamic"

        var flags: [String] {
            switch self {
            case .pieFramePointers: ["-fPIE", "-pie", "-fno-omit-frame-pointer"]
            case .pieNoFramePointers, .stripped: ["-fPIE", "-pie", "-fomit-frame-pointer"]
            case .nonPIEFramePointers: ["-fno-pie", "-no-pie", "-fno-omit-frame-pointer"]
            case .nonPIENoFramePointers: ["-fno-pie", "-no-pie", "-fomit-frame-pointer"]
            case .strippedExported: ["-fPIE", "-pie", "-fomit-frame-pointer", "-rdynamic"]
            }
        }

        var isStripped: Bool { self == .stripped || self == .strippedExported }
        var isPIE: Bool { self != .nonPIEFramePointers && self != .nonPIENoFramePointers }
    }

    struct Built: Sendable {
        let directory: URL
        func program(_ variant: Variant) -> URL { directory.appendingPathComponent("stack_names-" + variant.rawValue) }
        var library: URL { directory.appendingPathComponent("libstacknames.so") }
    }

    static let built: Result<Built, BuildProblem> = build()

    /// nil when built; else the reason the tests show when they skip.
    static var missingReason: String? {
        if case .failure(let problem) = built { return problem.description }
        return nil
    }

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Programs")
    }

    private static func build() -> Result<Built, BuildProblem> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-stack-names-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let built = Built(directory: directory)
        let gcc = URL(fileURLWithPath: "/usr/bin/gcc")
        guard FileManager.default.isExecutableFile(atPath: gcc.path) else {
            return .failure(BuildProblem(description: "SKIPPED (needs gcc: apt-get install gcc): no /usr/bin/gcc"))
        }
        var steps: [(URL, [String])] = [(gcc, ["-O1", "-shared", "-fPIC", "-Wl,--build-id=0x" + libraryBuildID,
                                                "-o", built.library.path, sources.appendingPathComponent("stack_names_lib.c").path])]
        for variant in Variant.allCases {
            steps.append((gcc, ["-O1"] + variant.flags + ["-Wl,--build-id=0x" + programBuildID, "-o", built.program(variant).path,
                                sources.appendingPathComponent("stack_names.c").path, "-L", directory.path,
                                "-lstacknames", "-Wl,-rpath,$ORIGIN"]))
            if variant.isStripped {
                steps.append((URL(fileURLWithPath: "/usr/bin/strip"), [built.program(variant).path]))
            }
        }
        for (tool, arguments) in steps {
            let process = Process()
            process.executableURL = tool
            process.arguments = arguments
            let errors = Pipe()
            process.standardError = errors
            do { try process.run() } catch {
                return .failure(BuildProblem(description: "SKIPPED (needs gcc and strip): cannot run \(tool.path): \(error)"))
            }
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                let first = message.split(separator: "\n").first.map(String.init) ?? "exit \(process.terminationStatus)"
                return .failure(BuildProblem(description: "SKIPPED (cannot build Tests/Programs/stack_names.c): \(first)"))
            }
        }
        return .success(built)
    }

    struct BuildProblem: Error, CustomStringConvertible {
        let description: String
    }
}

/// `stack_names print` running: the addresses it printed of its own functions, and its maps,
/// read while it waits. Ended (stdin closed) by `finish`.
final class PrintingStackNames {
    let process = Process()
    let pid: Int32
    let addresses: [String: UInt64]
    let regions: [Region]
    private let input = Pipe()

    init(_ program: URL) throws {
        process.executableURL = program
        process.arguments = ["print"]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        pid = process.processIdentifier
        var text = ""
        var addresses: [String: UInt64] = [:]
        let reader = output.fileHandleForReading
        while !text.hasSuffix("ready\n") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[1].hasPrefix("0x"), let value = UInt64(parts[1].dropFirst(2), radix: 16) {
                addresses[String(parts[0])] = value
            }
        }
        self.addresses = addresses
        regions = try MapsParser.parse(String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8))
    }

    func region(_ address: UInt64) -> Region? {
        SortedRegions.index(containing: address, in: regions).map { regions[$0] }
    }

    func address(_ name: String) throws -> UInt64 {
        guard let address = addresses[name] else { throw MissingAddress(name: name) }
        return address
    }

    func finish() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    struct MissingAddress: Error, CustomStringConvertible {
        let name: String
        var description: String { "stack_names did not print the address of \(name)" }
    }
}
