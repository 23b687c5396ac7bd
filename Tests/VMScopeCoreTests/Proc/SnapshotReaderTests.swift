import Foundation
import Testing
import VMScopeCore

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

    @Test func missingMapsMeansNoProcess() {
        #expect {
            try SnapshotReader(procRoot: FixtureFiles.path("proc")).read(pid: 31337)
        } throws: { error in
            (error as? ProcReadError) == .noSuchProcess(pid: 31337)
        }
    }
}
