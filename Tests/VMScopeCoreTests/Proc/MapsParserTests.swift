import Foundation
import Testing
import VMScopeCore

@Suite struct MapsParserTests {
    @Test func parsesEveryFixtureLine() throws {
        for name in ["cat-self", "bash", "python-threads", "python-setarch-legacy", "python-unlimited-stack"] {
            let text = try FixtureFiles.text("maps/\(name).maps")
            let regions = try MapsParser.parse(text)
            #expect(regions.count == text.split(separator: "\n").count, "\(name)")
            for (a, b) in zip(regions, regions.dropFirst()) { #expect(a.end <= b.start, "\(name) sorted") }
        }
    }

    @Test func fileMappingFields() throws {
        let line = "7f145fa42000-7f145fb98000 r-xp 00026000 fe:00 333151                     /usr/lib/x86_64-linux-gnu/libc.so.6\n"
        let region = try #require(try MapsParser.parse(line).first)
        #expect(region.start == 0x7f14_5fa4_2000)
        #expect(region.end == 0x7f14_5fb9_8000)
        #expect(region.permissions == Permissions(read: true, write: false, execute: true, shared: false))
        #expect(region.offset == 0x26000)
        #expect(region.deviceMajor == 0xfe && region.deviceMinor == 0)
        #expect(region.inode == 333151)
        #expect(region.pathname == "/usr/lib/x86_64-linux-gnu/libc.so.6")
        #expect(!region.isDeleted)
    }

    @Test func anonymousLineHasEmptyPath() throws {
        // The kernel ends an unnamed mapping's line with one space after the inode.
        let regions = try MapsParser.parse("7f2cb4000000-7f2cb4021000 rw-p 00000000 00:00 0 \n7f2cb4021000-7f2cb8000000 ---p 00000000 00:00 0")
        #expect(regions.count == 2)
        #expect(regions[0].pathname == "" && !regions[0].isDeleted)
        #expect(regions[1].permissions.isNone)
    }

    @Test func pathWithSpacesAndDeletedSuffix() throws {
        let regions = try MapsParser.parse(try FixtureFiles.text("maps/python-threads.maps"))
        let mapped = try #require(FixtureFiles.region(at: 0x7f2c_c41e_3000, in: regions))
        #expect(mapped.pathname == "/tmp/fx/my data file  .bin")
        #expect(mapped.isDeleted)
        #expect(mapped.permissions.shared)
        let memfd = try #require(FixtureFiles.region(at: 0x7f2c_c34d_0000, in: regions))
        #expect(memfd.pathname == "/memfd:vmscope-memfd" && memfd.isDeleted)
        let zero = try #require(FixtureFiles.region(at: 0x7f2c_c41b_a000, in: regions))
        #expect(zero.pathname == "/dev/zero" && zero.isDeleted)
    }

    @Test func handWrittenEdgeCases() throws {
        let text = try FixtureFiles.text("maps/edge-cases.maps")
        let regions = try MapsParser.parse(text)
        let names = regions.map(\.pathname)
        #expect(names == [
            "", "/opt/app/bin/my server", "/opt/app/bin/trailing spaces  ", "/tmp/x (deleted) twice",
            "[heap]", "[anon:JIT code cache]", "[anon_shmem:ring buffer]", "[stack:1234]",
            "[vvar]", "[vvar_vclock]", "[vdso]", "", "/dev/shm/buf", "[stack]", "[vsyscall]",
        ])
        #expect(regions[3].isDeleted, "only the last ' (deleted)' is the kernel's suffix")
        #expect(regions[2].isDeleted == false)
        // 56-bit (5-level paging) address and a full 64-bit offset.
        #expect(regions[11].start == 0xff_ffff_f000_0000 && regions[11].end == 0xff_ffff_f000_1000)
        #expect(regions[11].offset == 0xffff_ffff_ffff_f000)
        // Device as hex major:minor, wider than two digits.
        #expect(regions[12].deviceMajor == 0x103 && regions[12].deviceMinor == 0x1a2b)
        #expect(regions[12].inode == UInt64.max)
        #expect(regions.last?.start == 0xffff_ffff_ff60_0000)
    }

    @Test(arguments: [
        ("5555-6666 rwzp 00000000 00:00 0 ", "maps line 1: bad permissions \"rwzp\" in \"5555-6666 rwzp 00000000 00:00 0 \""),
        ("5555 6666 rw-p 00000000 00:00 0", "maps line 1: bad start address \"5555 6666 rw\" in \"5555 6666 rw-p 00000000 00:00 0\""),
        ("6666-5555 rw-p 00000000 00:00 0", "maps line 1: end address 5555 is not above start 6666 in \"6666-5555 rw-p 00000000 00:00 0\""),
        ("5555-6666 rw-p 0000000g 00:00 0", "maps line 1: bad offset \"0000000g\" in \"5555-6666 rw-p 0000000g 00:00 0\""),
        ("5555-6666 rw-p 00000000 0000 0", "maps line 1: bad device \"0000\" in \"5555-6666 rw-p 00000000 0000 0\""),
        ("5555-6666 rw-p 00000000 00:00 x1", "maps line 1: bad inode \"x1\" in \"5555-6666 rw-p 00000000 00:00 x1\""),
        ("5555-6666 rw-p", "maps line 1: line ends after the permissions in \"5555-6666 rw-p\""),
        ("5555-10000000000000000 rw-p 00000000 00:00 0", "maps line 1: bad end address \"10000000000000000\" in \"5555-10000000000000000 rw-p 00000000 00:00 0\""),
        ("hello\u{1b}[2J", "maps line 1: bad start address \"hello\\e[2J\" in \"hello\\e[2J\""),
    ])
    func rejectsGarbage(line: String, message: String) {
        #expect {
            try MapsParser.parse(line)
        } throws: { error in
            (error as? MapsParseError)?.description == message
        }
    }

    @Test func errorNamesTheLineNumber() throws {
        let text = "5555-6666 rw-p 00000000 00:00 0 \n7777-8888 r--p 00000000 00:00 0 \n9999-aaaa rwzp 00000000 00:00 0 \n"
        do {
            _ = try MapsParser.parse(text)
            Issue.record("expected an error")
        } catch let error as MapsParseError {
            #expect(error.lineNumber == 3)
            #expect(error.description.hasPrefix("maps line 3: bad permissions \"rwzp\" in \"9999-aaaa"))
        }
    }

    @Test func emptyLineInTheMiddleIsRejectedButTrailingNewlineIsNot() throws {
        #expect(try MapsParser.parse("").isEmpty)
        #expect(try MapsParser.parse("5555-6666 rw-p 00000000 00:00 0 \n").count == 1)
        #expect(throws: MapsParseError.self) { try MapsParser.parse("5555-6666 rw-p 00000000 00:00 0 \n\n7777-8888 r--p 00000000 00:00 0 \n") }
    }

    @Test func longLinesAreShortenedInMessages() {
        let line = "5555-6666 rwzp 00000000 00:00 0      /" + String(repeating: "a", count: 4000)
        do {
            _ = try MapsParser.parse(line)
        } catch {
            #expect("\(error)".count < 400)
            #expect("\(error)".contains("…"))
        }
    }

    /// A speed check, reported rather than asserted: 65 000 lines, the most a process may have
    /// by default (vm.max_map_count 65530).
    @Test func parses65000Lines() throws {
        var text = ""
        var address: UInt64 = 0x7f00_0000_0000
        for i in 0..<65_000 {
            let start = String(address, radix: 16), end = String(address + 0x1000, radix: 16)
            if i % 3 == 0 {
                text += "\(start)-\(end) r-xp 00001000 fe:00 333151                     /usr/lib/x86_64-linux-gnu/libfoo\(i / 30).so.1\n"
            } else {
                text += "\(start)-\(end) rw-p 00000000 00:00 0 \n"
            }
            address += 0x2000
        }
        let bytes = Array(text.utf8)
        let clock = ContinuousClock()
        var regions: [Region] = []
        let elapsed = try clock.measure { regions = try MapsParser.parse(bytes: bytes) }
        #expect(regions.count == 65_000)
        print("MapsParser: 65000 lines (\(bytes.count) bytes) in \(elapsed)")
    }
}
