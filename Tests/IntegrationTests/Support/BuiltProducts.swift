import Foundation

/// Paths of the package's executables, which `swift test` builds next to the test bundle.
enum BuiltProducts {
    static let directory: URL = {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent()
    }()

    static var vmscope: URL { directory.appendingPathComponent("vmscope") }
    static var workload: URL { directory.appendingPathComponent("vmscope-workload") }
}
