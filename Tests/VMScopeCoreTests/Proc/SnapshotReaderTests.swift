import Foundation
import Testing
@testable import VMScopeCore

@Suite struct SnapshotReaderTests {
    @Test func liveSelfIsSortedAndClassified() throws {
        let before = MonotonicClock.now()
        let snapshot = try SnapshotReader().read(pid: getpid())
        let after = MonotonicClock.now()
        #expect(snapshot.timestamp >= before && snapshot.timestamp <= after)
        // The read window: from before maps was opened to after its last byte was read.
        #expect(snapshot.readEnd > snapshot.timestamp && snapshot.readEnd <= after)
        #expect(snapshot.pid == getpid())
        for (a, b) in zip(snapshot.regions, snapshot.regions.dropFirst()) { #expect(a.end <= b.start) }
        let kinds = Set(snapshot.regions.map(\.kind))
        #expect(kinds.contains(.text))
        #expect(kinds.contains(.stack))
        #expect(kinds.contains(.libraryText))
        #expect(kinds.contains(.vdso))
        // The identity it read on the way, the same as a separate read gives.
        #expect(snapshot.identity == (try ProcessFactsReader().identity(pid: getpid())))
    }

    @Test func fixtureTreeWithoutExeLink() throws {
        let snapshot = try SnapshotReader(procRoot: FixtureFiles.path("proc")).read(pid: 10710)
        #expect(snapshot.regions.count > 100)
        #expect(snapshot.regions.contains { $0.kind == .heap && $0.end == 0x564f_500b_d000 })
        #expect(snapshot.regions.contains { $0.kind == .text })   // found without the exe link
        #expect(snapshot.regions.contains { $0.kind == .threadStack })
        #expect(snapshot.identity?.startTimeTicks != nil && snapshot.identity?.executablePath == nil)
    }

    /// A 60 000-mapping process's maps costs far more to parse than to read: an unchanged one is
    /// not parsed again.
    @Test func anUnchangedMapsFileIsNotParsedAgain() throws {
        let reader = SnapshotReader(procRoot: FixtureFiles.path("proc"))
        let (first, memo) = try reader.read(pid: 10710, reusing: nil)
        // A memo whose text is the same file but whose regions say otherwise: reused, so the
        // read returns them untouched.
        let sentinel = [Region(start: 0x1000, end: 0x2000, permissions: Permissions("r--p")!)]
        let same = SnapshotReader.Memo(bytes: memo.bytes, executablePath: memo.executablePath, regions: sentinel)
        #expect(try reader.read(pid: 10710, reusing: same).snapshot.regions == sentinel)
        // Another text, or another executable, is parsed.
        let changed = SnapshotReader.Memo(bytes: memo.bytes.dropLast(), executablePath: memo.executablePath, regions: sentinel)
        #expect(try reader.read(pid: 10710, reusing: changed).snapshot.regions == first.regions)
        let execed = SnapshotReader.Memo(bytes: memo.bytes, executablePath: "/bin/other", regions: sentinel)
        #expect(try reader.read(pid: 10710, reusing: execed).snapshot.regions == first.regions)
    }

    @Test func missingMapsMeansNoProcess() {
        #expect {
            try SnapshotReader(procRoot: FixtureFiles.path("proc")).read(pid: 31337)
        } throws: { error in
            (error as? ProcReadError) == .noSuchProcess(pid: 31337)
        }
    }
}
