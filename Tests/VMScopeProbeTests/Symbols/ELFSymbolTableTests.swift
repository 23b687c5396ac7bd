import Foundation
import Testing
import VMScopeProbe

@Suite("ELF symbol table")
struct ELFSymbolTableTests {
    @Test func onlyACoveringSymbolNamesAnAddress() {
        let table = ELFSymbolTable(symbols: [ELFSymbol(start: 0x1000, size: 0x40, name: "first"),
                                             ELFSymbol(start: 0x1100, size: 0, name: "sizeless"),
                                             ELFSymbol(start: 0x1200, size: 0x100, name: "outer"),
                                             ELFSymbol(start: 0x1240, size: 0x10, name: "inner")],
                                   segments: [], buildID: nil, source: .symtab)
        #expect(table.symbol(covering: 0x1000)?.name == "first")
        #expect(table.symbol(covering: 0x103f)?.name == "first")
        #expect(table.symbol(covering: 0x1040) == nil) // past its end: padding, not `first`
        #expect(table.symbol(covering: 0x0fff) == nil)
        #expect(table.symbol(covering: 0x1100)?.name == "sizeless")
        #expect(table.symbol(covering: 0x1101) == nil)
        #expect(table.symbol(covering: 0x1244)?.name == "inner")
        #expect(table.symbol(covering: 0x1250)?.name == "outer") // after the nested one, still inside
        #expect(table.symbol(covering: 0x12ff)?.name == "outer")
        #expect(table.symbol(covering: 0x1300) == nil)
    }

    @Test func fileOffsetsBecomeVirtualAddressesThroughTheSegmentHoldingThem() {
        let table = ELFSymbolTable(symbols: [], segments: [
            ELFLoadSegment(fileOffset: 0, virtualAddress: 0x400000, fileSize: 0x1000),
            ELFLoadSegment(fileOffset: 0x1000, virtualAddress: 0x401000, fileSize: 0x2345),
            ELFLoadSegment(fileOffset: 0x3e10, virtualAddress: 0x404e10, fileSize: 0x200),
        ], buildID: nil, source: .none)
        #expect(table.virtualAddress(fileOffset: 0x1a3c) == 0x401a3c)
        #expect(table.virtualAddress(fileOffset: 0x3e20) == 0x404e20)
        #expect(table.virtualAddress(fileOffset: 0x3400) == nil) // in no segment's file bytes
    }

    @Test(.disabled(if: StackNamesProgram.missingReason != nil, Comment(rawValue: StackNamesProgram.missingReason ?? "")))
    func programSymbolsSegmentsAndBuildID() throws {
        let built = try StackNamesProgram.built.get()
        for variant in [StackNamesProgram.Variant.pieFramePointers, .nonPIENoFramePointers] {
            let table = try ELFSymbolTable(path: built.program(variant).path)
            #expect(table.source == .symtab)
            #expect(table.buildID == StackNamesProgram.programBuildID)
            let names = Set(table.symbols.map(\.name))
            for name in ["grow_table", "map_buffer", "build_index", "load_cache", "glibc_grow", "glibc_map", "main"] {
                #expect(names.contains(name), "\(variant): \(name)")
            }
            // Imports (malloc, sbrk) are undefined here: no address, no symbol.
            #expect(!names.contains("malloc"))
            let grow = try #require(table.symbols.first { $0.name == "grow_table" })
            #expect(grow.size > 0)
            #expect(table.symbol(covering: grow.start + grow.size - 1)?.name == "grow_table")
            #expect(table.symbol(covering: grow.start + grow.size)?.name != "grow_table")
            // Non-PIE code is linked at 0x400000 and up; PIE code near 0.
            #expect(variant.isPIE ? grow.start < 0x100000 : grow.start >= 0x400000)
            #expect(!table.segments.isEmpty)
        }
    }

    @Test(.disabled(if: StackNamesProgram.missingReason != nil, Comment(rawValue: StackNamesProgram.missingReason ?? "")))
    func gapsBetweenFunctionsAreNamedByNothing() throws {
        let table = try ELFSymbolTable(path: StackNamesProgram.built.get().program(.pieFramePointers).path)
        // Padding after a function and before the next: the nearest symbol below is not the answer.
        let gaps = zip(table.symbols, table.symbols.dropFirst()).filter { $0.0.size > 0 && $0.0.start + $0.0.size < $0.1.start }
        try #require(!gaps.isEmpty)
        for (before, _) in gaps { #expect(table.symbol(covering: before.start + before.size) == nil, "after \(before.name)") }
    }

    @Test(.disabled(if: StackNamesProgram.missingReason != nil, Comment(rawValue: StackNamesProgram.missingReason ?? "")))
    func strippedFilesFallBackToDynsymOrToNothing() throws {
        let built = try StackNamesProgram.built.get()
        let stripped = try ELFSymbolTable(path: built.program(.stripped).path)
        #expect(stripped.source == .none)
        #expect(stripped.symbols.isEmpty)
        #expect(stripped.buildID == StackNamesProgram.programBuildID) // the note survives strip
        let exported = try ELFSymbolTable(path: built.program(.strippedExported).path)
        #expect(exported.source == .dynsym)
        #expect(exported.symbols.contains { $0.name == "grow_table" })
        let library = try ELFSymbolTable(path: built.library.path)
        #expect(library.buildID == StackNamesProgram.libraryBuildID)
        // lib_map_pages_here is a hidden alias at the same address: the global name is kept.
        let mapper = try #require(library.symbols.first { $0.name == "lib_map_pages" })
        #expect(library.symbol(covering: mapper.start + 1)?.name == "lib_map_pages")
        #expect(!library.symbols.contains { $0.name == "lib_map_pages_here" })
    }

    @Test func theSystemCLibraryHasNamedFunctions() throws {
        let path = "/usr/lib/x86_64-linux-gnu/libc.so.6"
        try #require(FileManager.default.fileExists(atPath: path), "SKIPPED: no \(path)")
        let table = try ELFSymbolTable(path: path)
        #expect(table.source != .none)
        #expect(table.buildID?.count == 40)
        #expect(table.symbols.contains { $0.name == "malloc" })
        // `mmap` is glibc's weak alias of the global `__mmap`: the name people know is kept.
        #expect(table.symbols.contains { $0.name == "mmap" })
        #expect(!table.symbols.contains { $0.name == "__mmap" })
    }

    @Test func notAnELFFileIsAnError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-not-elf-\(getpid())").path
        try Data("#!/bin/sh\necho hello\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ELFReadError.self) { try ELFSymbolTable(path: path) }
        #expect(throws: ELFReadError.self) { try ELFSymbolTable(path: path + "-missing") }
    }

    /// A file is the program's to make: cut short or with bytes changed, reading it either
    /// fails or gives a table whose lookups stay in bounds; it never crashes vmscope.
    @Test(.disabled(if: StackNamesProgram.missingReason != nil, Comment(rawValue: StackNamesProgram.missingReason ?? "")))
    func damagedFilesNeverCrash() throws {
        let original = try Data(contentsOf: StackNamesProgram.built.get().program(.pieFramePointers))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-damaged-elf-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var generator = SplitMix(seed: 0x5eed)
        var readable = 0
        for round in 0..<300 {
            var bytes = [UInt8](original)
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + round % 16) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            guard let table = try? ELFSymbolTable(path: path) else { continue }
            readable += 1
            for symbol in table.symbols.prefix(64) {
                _ = table.symbol(covering: symbol.start)
                _ = table.virtualAddress(fileOffset: symbol.start)
            }
        }
        #expect(readable > 0, "no damaged copy was readable at all: the test checked nothing but the errors")
    }

    @Test func a32BitProgramIsReadToo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-elf32-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("small.c"), program = directory.appendingPathComponent("small")
        try Data("__attribute__((noinline)) int thirty_two(int x) { return x * 32; }\nint main(int c, char **v) { return thirty_two(c); }\n".utf8)
            .write(to: source)
        let gcc = Process()
        gcc.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        gcc.arguments = ["-m32", "-O1", "-o", program.path, source.path]
        gcc.standardError = FileHandle.nullDevice
        do { try gcc.run() } catch { try #require(Bool(false), "SKIPPED (needs gcc): \(error)") }
        gcc.waitUntilExit()
        try #require(gcc.terminationStatus == 0, "SKIPPED (needs gcc -m32: apt-get install gcc-multilib)")
        let table = try ELFSymbolTable(path: program.path)
        let function = try #require(table.symbols.first { $0.name == "thirty_two" })
        #expect(table.symbol(covering: function.start + 1)?.name == "thirty_two")
        #expect(table.buildID != nil)
        #expect(!table.segments.isEmpty)
    }
}

/// A small seeded generator (splitmix64): the same damage every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
