import Foundation
import Testing
@testable import VMScopeCore

/// The diff's text table and JSON document: what a change line and its cause lines say, that
/// untrusted text is escaped, and that the JSON parses with the documented keys.
@Suite struct DiffRendererTests {
    typealias F = DiffFixtures

    static let stack = UserStack(addresses: [0x5555_5555_5123, 0x5555_5555_6000],
                                 frames: [StackFrame(address: 0x5555_5555_5123, module: "/opt/app/prog",
                                                     moduleOffset: 0x1123, symbol: "grow_arena", symbolOffset: 0x23)])

    static func sampleDiff() -> AddressSpaceDiff {
        let anon = F.anon(F.anonStart, F.mib)
        let map = F.mmap(1_500_000_000, F.anonStart, F.mib, stack: stack)
        let hostile = F.region(F.libStart, F.libStart + 0x1000, "r--p", kind: .file, path: "/tmp/evil\u{1b}]0;x\u{07}",
                               inode: 9)
        return AddressSpaceDiff(before: [hostile], after: [anon], residencyBefore: ResidencyTable(),
                                residencyAfter: F.residency([(anon, 0x2000)]),
                                events: [map, F.event(1_600_000_000, .munmap(address: F.libStart, length: 0x1000))],
                                from: 1_000_000_000, to: 3_000_000_000)
    }

    @Test func textHasAHeaderAChangeLineAndItsCauses() {
        let lines = DiffTextRenderer.lines(Self.sampleDiff(), pid: 4242, name: "prog", origin: 1_000_000_000)
        #expect(lines[0] == "pid 4242 (prog): +0.000000 s -> +2.000000 s, 2 changes, 2 events")
        let added = lines.firstIndex { $0.hasPrefix("added ") }
        #expect(added != nil)
        guard let added else { return }
        #expect(lines[added].contains("0x7f1000000000-0x7f1000100000"))
        #expect(lines[added].contains("+1.0 MiB"))
        #expect(lines[added].contains("+8.0 KiB")) // RSS from nothing to two pages
        #expect(lines[added + 1].hasPrefix("    +0.500000 mmap 0x7f1000000000-0x7f1000100000 1.0 MiB"))
        #expect(lines[added + 1].hasSuffix(" at grow_arena+0x23 (prog)"))
        #expect(lines.contains { $0.hasPrefix("TOTALS") })
        #expect(lines.contains { $0.hasPrefix("all ") })
    }

    @Test func untrustedPathsAndNamesAreEscaped() {
        let lines = DiffTextRenderer.lines(Self.sampleDiff(), pid: 1, name: "a\u{1b}[2Jb", origin: 0)
        for line in lines {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f })
        }
        #expect(lines.contains { $0.hasPrefix("removed") && $0.contains("/tmp/evil") })
    }

    @Test func noChangeSaysSo() {
        let diff = AddressSpaceDiff(before: [F.libraryText], after: [F.libraryText])
        #expect(DiffTextRenderer.lines(diff, pid: 1, name: nil, origin: 0) == ["pid 1: +0.000000 s -> +0.000000 s, 0 changes, 0 events", "no change"])
    }

    @Test func frameLabelsPreferTheProgramsOwnFrameThenTheInnermostThenTheAddress() {
        let libc = StackFrame(address: 0x10, module: "/lib/libc.so.6", moduleOffset: 0x9abc, symbol: "mmap64", symbolOffset: 4)
        let app = StackFrame(address: 0x20, module: "/opt/app/prog", moduleOffset: 0x1123, symbol: "grow", symbolOffset: 0x23)
        #expect(StackFrameLabel.label(for: UserStack(addresses: [0x10, 0x20], frames: [libc, app])) == "grow+0x23 (prog)")
        #expect(StackFrameLabel.label(for: UserStack(addresses: [0x10], frames: [libc])) == "mmap64+0x4 (libc.so.6)")
        #expect(StackFrameLabel.label(for: UserStack(addresses: [0x4010])) == "0x000000004010")
        #expect(StackFrameLabel.label(for: UserStack(addresses: [])) == nil)
        let hostile = StackFrame(address: 1, module: "/a/b", symbol: "f\u{1b}x")
        #expect(StackFrameLabel.label(for: UserStack(addresses: [1], frames: [hostile]))?.contains("\u{1b}") == false)
    }

    @Test func jsonIsOneDocumentWithChangesCausesAndTotals() throws {
        let line = DiffJSONRenderer.line(Self.sampleDiff(), pid: 4242, name: "prog", origin: 1_000_000_000).rendered
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "diff")
        #expect(object["pid"] as? Int == 4242)
        #expect((object["to"] as? NSNumber)?.doubleValue == 2.0)
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.count == 2)
        let added = try #require(changes.first { ($0["change"] as? [String]) == ["added"] })
        #expect(added["kind"] as? String == "anon")
        #expect(added["size_delta"] as? Int == 1 << 20)
        #expect(added["rss_delta"] as? Int == 0x2000)
        let causes = try #require(added["caused_by"] as? [[String: Any]])
        #expect(causes.count == 1)
        #expect(causes[0]["what"] as? String == "mmap")
        #expect(causes[0]["frame"] as? String == "grow_arena+0x23 (prog)")
        #expect((causes[0]["stack"] as? [Int])?.count == 2)
        let removed = try #require(changes.first { ($0["change"] as? [String]) == ["removed"] })
        #expect(removed["path"] as? String == "/tmp/evil\u{1b}]0;x\u{07}") // JSON-escaped, decoded back
        #expect(!line.contains("\u{1b}"))
        let totals = try #require(object["totals"] as? [[String: Any]])
        #expect(totals.map { $0["kind"] as? String } == ["anon", "file"])
        let overall = try #require(object["overall"] as? [String: Any])
        #expect(overall["size_delta"] as? Int == (1 << 20) - 0x1000)
    }
}
