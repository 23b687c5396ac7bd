import Foundation
import VMScopeCore

/// Loads files from the copied `Fixtures` resource directory.
enum FixtureFiles {
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func path(_ relative: String) -> String {
        directory.appendingPathComponent(relative).path
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Parsed and classified regions of `maps/<name>.maps`.
    static func regions(_ name: String, executable: String?) throws -> [Region] {
        RegionClassifier.classify(try MapsParser.parse(try text("maps/\(name).maps")), executablePath: executable)
    }

    /// The region starting at `start` (fixture addresses are written out in the tests).
    static func region(at start: UInt64, in regions: [Region]) -> Region? {
        regions.first { $0.start == start }
    }
}
