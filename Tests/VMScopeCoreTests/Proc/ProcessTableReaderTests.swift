import Foundation
import Testing
@testable import VMScopeCore

/// The picker's process scan, against the real /proc (this test process, kthreadd, a child we
/// start and stop) and against hand-made /proc trees for what a live system cannot be made to
/// show on demand (odd comms, zombies, unreadable maps, vanished processes).
@Suite struct ProcessTableReaderTests {
    // MARK: Real /proc

    @Test func thisProcessIsListedWithItsOwnFacts() throws {
        let me = getpid()
        let listings = ProcessTableReader().scan()
        let mine = try #require(listings.first { $0.pid == me })
        let comm = try String(contentsOfFile: "/proc/self/comm", encoding: .utf8)
        #expect(mine.command + "\n" == comm)
        #expect(mine.commandLine == CommandLine.arguments)
        #expect(mine.virtualSize > 0 && mine.residentSize > 0)
        #expect((mine.mappingCount ?? 0) > 10)
        #expect(!mine.isKernelThread && mine.unreadableReason == nil)
        #expect(mine.parentPid == getppid())
        #expect(mine.userId == geteuid())
        if geteuid() == 0 { #expect(mine.userName == "root") }
        #expect(mine.startTimeTicks == (try ProcessFactsReader().startTimeTicks(pid: me)))
        // Sorted by pid and no duplicates.
        #expect(listings.map(\.pid) == listings.map(\.pid).sorted())
        #expect(Set(listings.map(\.pid)).count == listings.count)
    }

    @Test func kthreaddIsAKernelThreadWhenVisible() throws {
        // Containers with their own pid namespace have no pid 2; there is nothing to check then.
        guard let stat = try? String(contentsOfFile: "/proc/2/stat", encoding: .utf8), stat.contains("(kthreadd)") else { return }
        let kthreadd = try #require(ProcessTableReader().listing(pid: 2))
        #expect(kthreadd.isKernelThread)
        #expect(kthreadd.unreadableReason == "kernel thread")
        #expect(kthreadd.commandLine.isEmpty && kthreadd.mappingCount == nil)
        #expect(ProcessTableReader().pids(matchingName: "kthreadd").isEmpty)
    }

    @Test func aPidThatDoesNotExistIsAbsent() {
        let reader = ProcessTableReader()
        // pid_max is at most 2^22, so this pid cannot exist.
        #expect(reader.listing(pid: 5_000_000) == nil)
        #expect(!reader.allPids().contains(5_000_000))
    }

    @Test func aChildIsFoundByNameAndDisappearsWhenItExits() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        let pid = child.processIdentifier
        // SIGKILL, not terminate(): test workers may block SIGTERM, and the child inherits the mask.
        defer { if child.isRunning { kill(pid, SIGKILL) } }
        // exec may not have happened yet: wait until the child shows sleep's comm and arguments.
        // The kernel sets the new comm before the new argument area, so a read in between sees
        // "sleep" with an empty cmdline.
        var listing = ProcessTableReader().listing(pid: pid)
        for _ in 0..<500 where listing?.command != "sleep" || listing?.commandLine.isEmpty != false {
            usleep(10_000)
            listing = ProcessTableReader().listing(pid: pid)
        }
        #expect(listing?.command == "sleep")
        #expect(listing?.commandLine == ["/bin/sleep", "30"])
        #expect(ProcessTableReader().pids(matchingName: "sleep").contains(pid))
        #expect(!ProcessTableReader().pids(matchingName: "slee").contains(pid))

        kill(pid, SIGKILL)
        child.waitUntilExit()
        #expect(ProcessTableReader().listing(pid: pid) == nil)
        #expect(!ProcessTableReader().scan().contains { $0.pid == pid })
    }

    @Test func namesThatMatchNothingGiveNoPids() {
        #expect(ProcessTableReader().pids(matchingName: "no-such-program-\(getpid())").isEmpty)
        #expect(ProcessTableReader().pids(matchingName: "").isEmpty)
    }

    // MARK: Hand-made /proc trees

    @Test func statParsedFromTheLastParenthesis() throws {
        try withFakeProc { tree in
            try tree.process(100, comm: "a) (b c", cmdline: ["/opt/a) (b c", "--x"], uid: 1000,
                             maps: 3, vsize: 94_085_120, rssPages: 3609, startTime: 33045, ppid: 7)
            let listing = try #require(tree.reader.listing(pid: 100))
            #expect(listing.command == "a) (b c")
            #expect(listing.commandLine == ["/opt/a) (b c", "--x"])
            #expect(listing.parentPid == 7)
            #expect(listing.state.letter == "S")
            #expect(listing.virtualSize == 94_085_120)
            #expect(listing.residentSize == 3609 * UInt64(sysconf(Int32(_SC_PAGESIZE))))
            #expect(listing.startTimeTicks == 33045)
            #expect(listing.mappingCount == 3)
            #expect(listing.userId == 1000 && listing.userName == "alice" && listing.userLabel == "alice")
            #expect(!listing.isKernelThread && listing.unreadableReason == nil)
        }
    }

    @Test func kernelThreadsZombiesAndUnreadableMapsSayWhy() throws {
        try withFakeProc { tree in
            try tree.process(2, comm: "kthreadd", cmdline: [], uid: 0, maps: nil, flags: 0x0020_8040, ppid: 0)
            try tree.process(3, comm: "kworker/0:0", cmdline: [], uid: 0, maps: nil, flags: 0x0420_8060, ppid: 2)
            try tree.process(40, comm: "defunct", cmdline: [], uid: 1000, maps: 0, state: "Z")
            try tree.process(41, comm: "mapsdir", cmdline: ["mapsdir"], uid: 1000, maps: nil)
            try FileManager.default.createDirectory(atPath: tree.root + "/41/maps", withIntermediateDirectories: true)
            try tree.process(42, comm: "gone", cmdline: ["gone"], uid: 1000, maps: nil)
            try FileManager.default.createSymbolicLink(atPath: tree.root + "/42/maps", withDestinationPath: "/nonexistent/maps")
            try tree.process(43, comm: "stranger", cmdline: ["stranger"], uid: 4242, maps: 1)

            let byPid = Dictionary(uniqueKeysWithValues: tree.reader.scan().map { ($0.pid, $0) })
            #expect(byPid[2]?.isKernelThread == true && byPid[2]?.unreadableReason == "kernel thread")
            #expect(byPid[3]?.isKernelThread == true && byPid[3]?.mappingCount == nil)
            #expect(byPid[40]?.unreadableReason == "zombie" && byPid[40]?.isKernelThread == false)
            #expect(byPid[41]?.unreadableReason == "cannot read maps: Is a directory")
            #expect(byPid[42]?.unreadableReason == "exited")
            #expect(byPid[43]?.unreadableReason == nil && byPid[43]?.userName == nil && byPid[43]?.userLabel == "4242")
        }
    }

    @Test func anEmptyCmdlineIsNoArgumentsNotOneEmptyArgument() throws {
        // What a process shows between exec's new comm and its new argument area.
        try withFakeProc { tree in
            try tree.process(50, comm: "sleep", cmdline: [], uid: 0, maps: 1)
            try tree.process(51, comm: "empty-argv0", cmdline: ["", "x"], uid: 0, maps: 1)
            let byPid = Dictionary(uniqueKeysWithValues: tree.reader.scan().map { ($0.pid, $0) })
            #expect(byPid[50]?.commandLine == [])
            #expect(byPid[51]?.commandLine == ["", "x"])
        }
    }

    @Test func processesThatVanishOrNeverWereAreSkipped() throws {
        try withFakeProc { tree in
            try tree.process(10, comm: "alive", cmdline: ["alive"], uid: 0, maps: 2)
            // A pid directory whose stat is gone (the process exited between readdir and open).
            try FileManager.default.createDirectory(atPath: tree.root + "/11", withIntermediateDirectories: true)
            // Not processes.
            for name in ["self", "sys", "1a", "0"] {
                try FileManager.default.createDirectory(atPath: tree.root + "/" + name, withIntermediateDirectories: true)
            }
            #expect(tree.reader.allPids() == [10, 11])
            #expect(tree.reader.scan().map(\.pid) == [10])
        }
    }

    @Test func withoutCountingMapsNothingIsReadFromThem() throws {
        try withFakeProc { tree in
            try tree.process(10, comm: "a", cmdline: ["a"], uid: 0, maps: nil)
            try FileManager.default.createDirectory(atPath: tree.root + "/10/maps", withIntermediateDirectories: true)
            let listing = try #require(tree.reader.scan(countMappings: false).first)
            #expect(listing.mappingCount == nil && listing.unreadableReason == nil)
        }
    }

    @Test func unreadableStatIsARowWithAReasonNotAFailedScan() throws {
        try withFakeProc { tree in
            try FileManager.default.createDirectory(atPath: tree.root + "/12/stat", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: tree.root + "/13", withIntermediateDirectories: true)
            try "13 (x".write(toFile: tree.root + "/13/stat", atomically: true, encoding: .utf8)
            let listings = tree.reader.scan()
            #expect(listings.map(\.unreadableReason) == ["cannot read stat: Is a directory", "malformed stat"])
        }
    }

    @Test func readErrorsInWords() {
        #expect(ProcessTableReader.reason(forErrno: EACCES, file: "maps") == "permission denied")
        #expect(ProcessTableReader.reason(forErrno: EPERM, file: "maps") == "permission denied")
        #expect(ProcessTableReader.reason(forErrno: ESRCH, file: "maps") == "exited")
        #expect(ProcessTableReader.reason(forErrno: EIO, file: "maps") == "cannot read maps: Input/output error")
    }

    @Test func effectiveUidIsTheSecondNumber() {
        let status = Array("Name:\tx\nUmask:\t0022\nUid:\t1000\t0\t1000\t1000\nGid:\t5\t5\t5\t5\n".utf8)
        #expect(ProcessTableReader.effectiveUid(status: status) == 0)
        #expect(ProcessTableReader.effectiveUid(status: Array("Name:\tUid:\nGid:\t1\n".utf8)) == nil)
    }

    @Test func passwdParsing() {
        let table = UserNameTable.parse("""
            # comment
            root:x:0:0:root:/root:/bin/bash

            alice:x:1000:1000::/home/alice:/bin/sh
            toor:x:0:0::/:/bin/sh
            broken:x:notanumber:0::/:/bin/sh
            short:x
            """)
        #expect(table.names == [0: "root", 1000: "alice"])
        #expect(table.name(of: 0) == "root" && table.name(of: 7) == nil)
        #expect(UserNameTable.read(path: "/nonexistent/passwd").names.isEmpty)
    }

    @Test func nameMatching() {
        let postgres = ProcessListing(pid: 9, command: "postgres", commandLine: ["postgres: checkpointer "])
        #expect(postgres.matches(name: "postgres"))
        #expect(!postgres.matches(name: "postgres: checkpointer"))
        let long = ProcessListing(pid: 10, command: "my-long-program", commandLine: ["/usr/local/bin/my-long-program-name", "-v"])
        #expect(long.matches(name: "my-long-program-name") && long.matches(name: "my-long-program"))
        #expect(!long.matches(name: "my-long") && !long.matches(name: "bin"))
        let kernel = ProcessListing(pid: 2, command: "kthreadd", isKernelThread: true)
        #expect(!kernel.matches(name: "kthreadd"))
    }

    // MARK: Fake /proc

    /// A /proc-like tree in a temporary directory, with a passwd file naming uid 0 and 1000.
    struct FakeProc {
        let root: String
        var reader: ProcessTableReader { ProcessTableReader(procRoot: root, passwdPath: root + "/passwd") }

        /// Writes `<pid>/stat`, `status`, `cmdline` and (unless nil) a maps file of `maps` lines.
        func process(_ pid: Int32, comm: String, cmdline: [String], uid: UInt32, maps: Int?, state: Character = "S",
                     flags: UInt32 = 0x0040_0100, vsize: UInt64 = 8_192_000, rssPages: UInt64 = 300,
                     startTime: UInt64 = 987_654, ppid: Int32 = 1) throws {
            let directory = "\(root)/\(pid)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // Fields 3...52 after "pid (comm)": state ppid pgrp session tty tpgid flags minflt
            // cminflt majflt cmajflt utime stime cutime cstime priority nice num_threads
            // itrealvalue starttime vsize rss, then 28 more.
            let rest = ["\(state)", "\(ppid)", "\(pid)", "\(pid)", "0", "-1", "\(flags)", "120", "0", "0", "0", "0", "0",
                        "0", "0", "20", "0", "1", "0", "\(startTime)", "\(vsize)", "\(rssPages)"]
                + Array(repeating: "0", count: 28)
            try "\(pid) (\(comm)) \(rest.joined(separator: " "))\n".write(toFile: directory + "/stat", atomically: true, encoding: .utf8)
            try "Name:\t\(comm)\nUid:\t\(uid)\t\(uid)\t\(uid)\t\(uid)\n".write(toFile: directory + "/status", atomically: true, encoding: .utf8)
            let argv = Data(cmdline.flatMap { Array($0.utf8) + [0] })
            try argv.write(to: URL(fileURLWithPath: directory + "/cmdline"))
            if let maps {
                let lines = (0..<maps).map { "\(String($0 * 0x1000, radix: 16))-\(String($0 * 0x1000 + 0x1000, radix: 16)) r--p 00000000 00:00 0\n" }
                try lines.joined().write(toFile: directory + "/maps", atomically: true, encoding: .utf8)
            }
        }
    }

    func withFakeProc(_ body: (FakeProc) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-proc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n"
            .write(toFile: root + "/passwd", atomically: true, encoding: .utf8)
        try body(FakeProc(root: root))
    }
}
