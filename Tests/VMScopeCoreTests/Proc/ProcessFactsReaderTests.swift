import Foundation
import Testing
import VMScopeCore

@Suite struct ProcessFactsReaderTests {
    let fixtures = ProcessFactsReader(procRoot: FixtureFiles.path("proc"))

    /// Captured from a python whose comm was set to `a) (b c)` with PR_SET_NAME.
    @Test func commandWithParenthesesAndSpaces() throws {
        let facts = try fixtures.read(pid: 10710)
        #expect(facts.pid == 10710)
        #expect(facts.command == "a) (b c)")
        #expect(facts.commandLine == ["/root/.pyenv/versions/3.11.7/bin/python3", "-"])
        #expect(facts.state.letter == "R" && facts.state.word == "running")
        #expect(facts.state.description == "R (running)")
        #expect(facts.parentPid == 10707)
        #expect(facts.threadCount == 2)
        #expect(facts.startTimeTicks == 33045)
        #expect(facts.virtualSize == 94_085_120)
        #expect(facts.residentSize == 14464 * 1024)        // smaps_rollup Rss, not status VmRSS (14460)
        #expect(facts.residentAnonymous == 7576 * 1024)
        #expect(facts.residentFile == 6884 * 1024)
        #expect(facts.residentShared == 0)
        #expect(facts.startBrk == 0x564f_4fee_a000)
        #expect(facts.currentBreak == 0x564f_500b_d000)    // end of [heap] in the fixture's maps
        #expect(facts.userId == 0)
        #expect(facts.executablePath == nil)               // fixtures carry no exe link
    }

    /// An mprotect in the middle of the heap splits `[heap]` in two lines: the break is the end
    /// of the heap, not of its first piece.
    @Test func theBreakIsTheEndOfASplitHeap() throws {
        let heap = [
            Region(start: 0x1000_0000, end: 0x1002_0000, permissions: Permissions("rw-p")!, pathname: "[heap]", kind: .heap),
            Region(start: 0x1002_0000, end: 0x1003_0000, permissions: Permissions("r--p")!, pathname: "[heap]", kind: .heap),
            Region(start: 0x1003_0000, end: 0x1008_0000, permissions: Permissions("rw-p")!, pathname: "[heap]", kind: .heap),
        ]
        let facts = try fixtures.read(pid: 10710, regions: heap)
        #expect(facts.currentBreak == 0x1008_0000)
    }

    /// What an unprivileged reader sees: start_brk hidden (0), no smaps_rollup, no maps.
    @Test func hiddenFieldsFallBack() throws {
        let facts = try fixtures.read(pid: 4242)
        #expect(facts.command == "my prog ) (x")
        #expect(facts.commandLine == ["sleep", "1000"])
        #expect(facts.state.word == "sleeping")
        #expect(facts.startBrk == nil && facts.currentBreak == nil)
        #expect(facts.residentSize == 1200 * 1024)         // status VmRSS
        #expect(facts.residentAnonymous == nil)
        #expect(facts.userId == 1000)
        #expect(facts.startTimeTicks == 987654)
    }

    @Test func regionsGiveTheBreakWithoutReadingMaps() throws {
        let heap = Region(start: 0x1000, end: 0x5000, permissions: Permissions("rw-p")!, pathname: "[heap]")
        #expect(try fixtures.read(pid: 4242, regions: [heap]).currentBreak == 0x5000)
    }

    @Test func missingProcessSaysSo() {
        #expect {
            try fixtures.read(pid: 999_999)
        } throws: { error in
            (error as? ProcReadError)?.description == "no process 999999: check the pid with `ps`"
        }
    }

    @Test func malformedStatNamesTheFile() {
        #expect {
            try fixtures.read(pid: 4343)
        } throws: { error in
            guard case .malformed(let path, _)? = error as? ProcReadError else { return false }
            return path.hasSuffix("proc/4343/stat") && "\(error)".hasPrefix("cannot understand ")
        }
    }

    @Test func permissionDeniedMessage() {
        let error = ProcReadError.permissionDenied(pid: 1234, path: "/proc/1234/maps")
        #expect(error.description == "cannot read /proc/1234/maps: permission denied; run as root or as the process's owner, or grant vmscope CAP_SYS_PTRACE (see README)")
    }

    @Test func liveSelf() throws {
        let pid = getpid()
        let facts = try ProcessFactsReader().read(pid: pid)
        #expect(facts.pid == pid)
        #expect(facts.parentPid == getppid())
        #expect(facts.threadCount >= 1)
        #expect(facts.virtualSize > 0)
        #expect((facts.residentSize ?? 0) > 0)
        #expect(facts.executablePath?.hasPrefix("/") == true)
        #expect(!facts.commandLine.isEmpty)
        #expect(facts.startTimeTicks > 0)
        #expect(facts.userId == getuid())
        #expect(facts.state.word != "unknown")   // the main thread may be sleeping while tests run
    }
}
