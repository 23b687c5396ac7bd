import Foundation
import Testing

/// Compares rendered text with `Snapshots/<name>.txt`. With `VMSCOPE_RECORD_SNAPSHOTS=1` in
/// the environment it writes the file into the source tree instead (then read it, and commit
/// it only if it looks right to a person).
enum SnapshotFile {
    static var isRecording: Bool { ProcessInfo.processInfo.environment["VMSCOPE_RECORD_SNAPSHOTS"] == "1" }

    static func check(_ text: String, named name: String, filePath: String = #filePath,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        if isRecording {
            // Snapshots/ sits at the top of the test target, whichever folder the test is in.
            var root = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            while root.lastPathComponent != "VMScopeTUITests", root.pathComponents.count > 1 {
                root.deleteLastPathComponent()
            }
            let directory = root.appendingPathComponent("Snapshots")
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                try (text + "\n").write(to: directory.appendingPathComponent(name + ".txt"), atomically: true, encoding: .utf8)
            } catch {
                Issue.record("could not record snapshot \(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Snapshots"),
              let data = FileManager.default.contents(atPath: url.path),
              let expected = String(data: data, encoding: .utf8)
        else {
            Issue.record("no snapshot \(name).txt: run with VMSCOPE_RECORD_SNAPSHOTS=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        let trimmed = expected.hasSuffix("\n") ? String(expected.dropLast()) : expected
        if trimmed != text {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
            var firstDifference = 0
            while firstDifference < min(got.count, want.count), got[firstDifference] == want[firstDifference] {
                firstDifference += 1
            }
            let wantLine = firstDifference < want.count ? String(want[firstDifference]) : "<none>"
            let gotLine = firstDifference < got.count ? String(got[firstDifference]) : "<none>"
            Issue.record("""
                snapshot \(name) differs from line \(firstDifference + 1):
                expected: \(wantLine)
                actual:   \(gotLine)
                full rendering:
                \(text)
                """, sourceLocation: sourceLocation)
        }
    }
}
