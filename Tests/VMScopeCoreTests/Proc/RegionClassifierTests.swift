import Testing
import VMScopeCore

@Suite struct RegionClassifierTests {
    static let python = "/root/.pyenv/versions/3.11.7/bin/python3.11"

    private func kind(_ start: UInt64, _ regions: [Region], sourceLocation: SourceLocation = #_sourceLocation) -> RegionKind? {
        let region = FixtureFiles.region(at: start, in: regions)
        #expect(region != nil, "no region at 0x\(String(start, radix: 16))", sourceLocation: sourceLocation)
        return region?.kind
    }

    @Test func mainProgramSections() throws {
        let r = try FixtureFiles.regions("python-threads", executable: Self.python)
        #expect(kind(0x5557_55d7_f000, r) == .rodata)   // ELF header, r--p
        #expect(kind(0x5557_55d8_0000, r) == .text)     // r-xp
        #expect(kind(0x5557_55d8_2000, r) == .rodata)   // RELRO, r--p
        #expect(kind(0x5557_55d8_3000, r) == .data)     // rw-p file-backed
        #expect(kind(0x5557_5e5c_0000, r) == .heap)
    }

    @Test func bssFollowsTheProgramsLastMapping() throws {
        let r = try FixtureFiles.regions("bash", executable: "/usr/bin/bash")
        #expect(kind(0x55ba_4c3c_e000, r) == .data)
        #expect(kind(0x55ba_4c3d_7000, r) == .bss)
        #expect(kind(0x55ba_64ea_0000, r) == .heap)
    }

    @Test func librariesAndTheirBss() throws {
        let r = try FixtureFiles.regions("python-threads", executable: Self.python)
        #expect(kind(0x7f2c_c3a1_e000, r) == .libraryData)  // libc.so.6 r--p header
        #expect(kind(0x7f2c_c3a4_4000, r) == .libraryText)  // libc.so.6 r-xp
        #expect(kind(0x7f2c_c3bf_1000, r) == .libraryData)  // libc.so.6 rw-p
        #expect(kind(0x7f2c_c3bf_3000, r) == .libraryData)  // libc's .bss (anonymous, touching)
        #expect(kind(0x7f2c_c417_8000, r) == .libraryData)  // libpython's .bss
        #expect(kind(0x7f2c_c41f_7000, r) == .libraryText)  // ld-linux-x86-64.so.2
        #expect(kind(0x7f2c_c338_2000, r) == .libraryText)  // _ctypes.cpython-311-x86_64-linux-gnu.so
        #expect(kind(0x7f2c_c336_7000, r) == .libraryData)  // libffi.so.8.1.2 header
    }

    @Test func threadStacksGuardsAndArenas() throws {
        let r = try FixtureFiles.regions("python-threads", executable: Self.python)
        for (guardStart, stackStart) in [(0x7f2c_c176_3000, 0x7f2c_c176_4000), (0x7f2c_c1f6_4000, 0x7f2c_c1f6_5000),
                                         (0x7f2c_c276_5000, 0x7f2c_c276_6000)] as [(UInt64, UInt64)] {
            #expect(kind(guardStart, r) == .guardPage)
            #expect(kind(stackStart, r) == .threadStack)
        }
        // glibc arenas: a 132 KiB rw-p head and a ~64 MiB ---p tail; the next arena's head touches
        // the previous tail but is no thread stack (the "guard" is far too big).
        #expect(kind(0x7f2c_b400_0000, r) == .anonymous)
        #expect(kind(0x7f2c_b402_1000, r) == .guardPage)
        #expect(kind(0x7f2c_b800_0000, r) == .anonymous)
        #expect(kind(0x7f2c_c175_f000, r) == .anonymous)
        #expect(kind(0x7f2c_c2f6_6000, r) == .anonymous)   // the 4 MiB bytearray
    }

    @Test func sharedMemoryFilesAndPseudoRegions() throws {
        let r = try FixtureFiles.regions("python-threads", executable: Self.python)
        #expect(kind(0x7f2c_c34d_0000, r) == .sharedMemory)  // /memfd:vmscope-memfd (deleted)
        #expect(kind(0x7f2c_c41b_a000, r) == .sharedMemory)  // /dev/zero (deleted): shared anonymous
        #expect(kind(0x7f2c_c41e_3000, r) == .file)          // deleted file with spaces, MAP_SHARED
        #expect(kind(0x7f2c_c41e_5000, r) == .file)          // gconv-modules.cache r--s
        #expect(kind(0x7f2c_c38e_7000, r) == .file)          // locale archive piece
        #expect(kind(0x7f2c_c41e_e000, r) == .vvar)
        #expect(kind(0x7f2c_c41f_2000, r) == .vvar)          // [vvar_vclock]
        #expect(kind(0x7f2c_c41f_4000, r) == .vdso)
        #expect(kind(0x7ffe_2a4b_5000, r) == .stack)
        #expect(kind(0xffff_ffff_ff60_0000, r) == .vsyscall)
    }

    @Test func handWrittenNames() throws {
        let r = try FixtureFiles.regions("edge-cases", executable: "/opt/app/bin/my server")
        #expect(r.map(\.kind) == [
            .anonymous, .text, .file, .file, .heap, .anonymous, .sharedMemory, .threadStack,
            .vvar, .vvar, .vdso, .anonymous, .sharedMemory, .stack, .vsyscall,
        ])
    }

    @Test func unknownExecutableFallsBackToFirstExecutableNonLibraryFile() throws {
        let r = try FixtureFiles.regions("python-threads", executable: nil)
        #expect(kind(0x5557_55d8_0000, r) == .text)
        #expect(kind(0x7f2c_c3a4_4000, r) == .libraryText)
    }

    @Test func deletedExecutableStillMatches() throws {
        let r = try FixtureFiles.regions("bash", executable: "/usr/bin/bash (deleted)")
        #expect(kind(0x55ba_4c2d_1000, r) == .text)
        #expect(kind(0x55ba_4c3d_7000, r) == .bss)
    }

    @Test func heapRightAfterTheProgramStaysHeap() throws {
        let regions = try MapsParser.parse("""
            00400000-00401000 r-xp 00000000 08:01 7 /bin/p
            00401000-00402000 rw-p 00001000 08:01 7 /bin/p
            00402000-00423000 rw-p 00000000 00:00 0 [heap]
            """)
        #expect(RegionClassifier.classify(regions, executablePath: "/bin/p").map(\.kind) == [.text, .data, .heap])
    }

    /// The kernel merges anonymous mappings that touch: a 32-bit process that filled its space
    /// has malloc's blocks merged into libc's .bss. That is memory of its own, not libc's.
    @Test func anAnonymousRegionFarLargerThanTheLibraryIsNotItsBss() throws {
        let regions = try MapsParser.parse("""
            f7d72000-f7d94000 r--p 00000000 08:01 9 /usr/lib32/libc.so.6
            f7d94000-f7f12000 r-xp 00022000 08:01 9 /usr/lib32/libc.so.6
            f7f12000-f7f97000 r--p 001a0000 08:01 9 /usr/lib32/libc.so.6
            f7f97000-f7f99000 rw-p 00225000 08:01 9 /usr/lib32/libc.so.6
            f7f99000-ff799000 rw-p 00000000 00:00 0
            ff7a0000-ff7a1000 r--p 00000000 08:01 10 /usr/lib32/libm.so.6
            ff7a1000-ff7a2000 r-xp 00001000 08:01 10 /usr/lib32/libm.so.6
            ff7a2000-ff7a3000 rw-p 00002000 08:01 10 /usr/lib32/libm.so.6
            ff7a3000-ff7ad000 rw-p 00000000 00:00 0
            """)
        let kinds = RegionClassifier.classify(regions, executablePath: "/tmp/ex").map(\.kind)
        #expect(kinds[4] == .anonymous, "120 MiB after 2.1 MiB of libc")
        #expect(kinds[8] == .libraryData, "a 40 KiB .bss after 12 KiB of libm")
    }

    @Test func aGuardThatDoesNotTouchIsNoThreadStack() throws {
        let regions = try MapsParser.parse("""
            7f0000000000-7f0000001000 ---p 00000000 00:00 0 
            7f0000002000-7f0000802000 rw-p 00000000 00:00 0 
            7f0000802000-7f0000812000 ---p 00000000 00:00 0 
            7f0000812000-7f0001012000 rw-p 00000000 00:00 0 
            """)
        #expect(RegionClassifier.classify(regions, executablePath: nil).map(\.kind)
                == [.guardPage, .anonymous, .guardPage, .threadStack])
    }
}
