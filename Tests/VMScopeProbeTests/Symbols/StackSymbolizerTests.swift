import Foundation
import Testing
import VMScopeCore
import VMScopeProbe

@Suite("Stack symbolizer", .serialized,
       .disabled(if: StackNamesProgram.missingReason != nil, Comment(rawValue: StackNamesProgram.missingReason ?? "")))
struct StackSymbolizerTests {
    static let built = try? StackNamesProgram.built.get()

    @Test(arguments: [StackNamesProgram.Variant.pieFramePointers, .pieNoFramePointers, .nonPIEFramePointers,
                      .nonPIENoFramePointers])
    func namesFunctionsOfTheProgramAndItsLibrary(_ variant: StackNamesProgram.Variant) throws {
        let program = try #require(Self.built).program(variant)
        let running = try PrintingStackNames(program)
        defer { running.finish() }
        let grow = try running.address("grow_table"), build = try running.address("build_index")
        let main = try running.address("main"), library = try running.address("lib_map_pages")
        var stack = UserStack(addresses: [grow + 5, build + 3, library + 2, main + 1])
        let symbolizer = StackSymbolizer()
        symbolizer.symbolize(&stack, pid: running.pid, region: running.region)
        try #require(stack.frames.count == 4)
        #expect(stack.frames.map(\.symbol) == ["grow_table", "build_index", "lib_map_pages", "main"])
        #expect(stack.frames.map(\.symbolOffset) == [5, 3, 2, 1]) // from the captured address, not address - 1
        #expect(stack.frames.map(\.address) == stack.addresses)
        #expect(stack.frames[0].module == program.path)
        #expect(stack.frames[2].module?.hasSuffix("/libstacknames.so") == true)
        #expect(stack.frames[0].buildID == StackNamesProgram.programBuildID)
        #expect(stack.frames[2].buildID == StackNamesProgram.libraryBuildID)
        let region = try #require(running.region(grow))
        #expect(stack.frames[0].moduleOffset == grow + 5 - region.start + region.offset)
        #expect(stack.frames[0].text == "grow_table+0x5 (stack_names-\(variant.rawValue))")
        #expect(stack.interestingFrame?.symbol == "grow_table")
    }

    @Test func aReturnAddressIsLookedUpOneByteBack() throws {
        let running = try PrintingStackNames(try #require(Self.built).program(.pieFramePointers))
        defer { running.finish() }
        let grow = try running.address("grow_table")
        // As frame 0 the function's first byte is the function; as a return address it is the
        // byte after a call in whatever precedes it, never grow_table.
        var stack = UserStack(addresses: [grow, grow])
        StackSymbolizer().symbolize(&stack, pid: running.pid, region: running.region)
        #expect(stack.frames[0].symbol == "grow_table")
        #expect(stack.frames[0].symbolOffset == 0)
        #expect(stack.frames[1].symbol != "grow_table")
        #expect(stack.frames[1].address == grow)
    }

    @Test func strippedProgramFramesAreModulePlusOffsetOrDynsymNames() throws {
        let built = try #require(Self.built)
        let stripped = try PrintingStackNames(built.program(.stripped))
        defer { stripped.finish() }
        let grow = try stripped.address("grow_table")
        var stack = UserStack(addresses: [grow + 7, try stripped.address("lib_map_pages") + 1])
        StackSymbolizer().symbolize(&stack, pid: stripped.pid, region: stripped.region)
        let region = try #require(stripped.region(grow + 7))
        #expect(stack.frames[0].symbol == nil)
        #expect(stack.frames[0].module == built.program(.stripped).path)
        #expect(stack.frames[0].moduleOffset == grow + 7 - region.start + region.offset)
        #expect(stack.frames[0].text == "stack_names-stripped+0x" + String(grow + 7 - region.start + region.offset, radix: 16))
        #expect(stack.frames[0].buildID == StackNamesProgram.programBuildID)
        #expect(stack.frames[1].symbol == "lib_map_pages") // the library is not stripped

        let exported = try PrintingStackNames(built.program(.strippedExported))
        defer { exported.finish() }
        var named = UserStack(addresses: [try exported.address("grow_table") + 7])
        StackSymbolizer().symbolize(&named, pid: exported.pid, region: exported.region)
        #expect(named.frames.first?.symbol == "grow_table") // from .dynsym
    }

    @Test func framesOutsideFilesAreBareAddressesAndTheVDSOIsNamed() throws {
        let running = try PrintingStackNames(try #require(Self.built).program(.pieFramePointers))
        defer { running.finish() }
        let anonymous = running.regions.first { $0.pathname.isEmpty || $0.pathname == "[heap]" || $0.pathname == "[stack]" }
        let vdso = try #require(running.regions.first { $0.pathname == "[vdso]" })
        let unmapped = try #require(running.regions.first).start - 0x1000
        var stack = UserStack(addresses: [vdso.start + 0x10, try #require(anonymous).start + 0x20, unmapped])
        StackSymbolizer().symbolize(&stack, pid: running.pid, region: running.region)
        #expect(stack.frames[0].module == "[vdso]")
        #expect(stack.frames[0].moduleOffset == 0x10)
        #expect(stack.frames[1].module == nil)
        #expect(stack.frames[1].symbol == nil)
        #expect(stack.frames[2].module == nil)
        #expect(stack.frames[2].text == AddressFormatter.format(unmapped))
    }

    @Test func filesAreReadOncePerFileAndStacksOncePerProcess() throws {
        let program = try #require(Self.built).program(.pieNoFramePointers)
        let first = try PrintingStackNames(program), second = try PrintingStackNames(program)
        defer { first.finish(); second.finish() }
        let symbolizer = StackSymbolizer()
        var stack = UserStack(addresses: [try first.address("grow_table") + 1, try first.address("lib_map_pages") + 1])
        symbolizer.symbolize(&stack, pid: first.pid, region: first.region)
        #expect(symbolizer.filesRead == 2)
        var regionLookups = 0
        var again = UserStack(addresses: stack.addresses)
        symbolizer.symbolize(&again, pid: first.pid) { regionLookups += 1; return first.region($0) }
        #expect(again.frames == stack.frames)
        #expect(regionLookups == 0) // a repeated stack is one dictionary lookup
        // Another process of the same files (other addresses under ASLR): nothing read again.
        var other = UserStack(addresses: [try second.address("grow_table") + 1, try second.address("lib_map_pages") + 1])
        symbolizer.symbolize(&other, pid: second.pid, region: second.region)
        #expect(other.frames.map(\.symbol) == ["grow_table", "lib_map_pages"])
        #expect(symbolizer.filesRead == 2)
        // Forgotten (exec, exit): the stack is resolved again, from the cached files.
        symbolizer.forget(pid: first.pid)
        symbolizer.symbolize(&again, pid: first.pid) { regionLookups += 1; return first.region($0) }
        #expect(regionLookups == 2)
        #expect(symbolizer.filesRead == 2)
    }

    @Test func aFileThatIsNotTheMappedOneIsNotUsed() throws {
        let running = try PrintingStackNames(try #require(Self.built).program(.pieFramePointers))
        defer { running.finish() }
        let grow = try running.address("grow_table")
        // The mapping as the process has it, but claiming another inode: as if the file at
        // that path had been replaced since; map_files and the root path both lead to a file
        // with another inode, so no names.
        var region = try #require(running.region(grow))
        region.inode &+= 1
        var stack = UserStack(addresses: [grow + 1])
        StackSymbolizer().symbolize(&stack, pid: running.pid) { _ in region }
        #expect(stack.frames[0].symbol == nil)
        #expect(stack.frames[0].module == region.pathname)
    }

    @Test func aProcessThatHasExitedIsResolvedFromTheSameFilesByPath() throws {
        let running = try PrintingStackNames(try #require(Self.built).program(.pieNoFramePointers))
        running.finish() // gone, reaped: no /proc/PID any more, as when a short command's records are read
        let grow = try running.address("grow_table")
        var stack = UserStack(addresses: [grow + 2, try running.address("lib_map_pages") + 1])
        StackSymbolizer().symbolize(&stack, pid: running.pid, region: running.region)
        #expect(stack.frames.map(\.symbol) == ["grow_table", "lib_map_pages"])
    }

    /// A symbol's name is the program's bytes: kept as they are, escaped where shown.
    @Test func hostileSymbolNamesAreKeptAsDataAndEscapedInText() throws {
        let built = try #require(Self.built)
        let hostile = built.directory.appendingPathComponent("stack_names-hostile")
        let objcopy = Process()
        objcopy.executableURL = URL(fileURLWithPath: "/usr/bin/objcopy")
        objcopy.arguments = ["--redefine-sym", "grow_table=grow\u{1b}[2J\ntable", built.program(.pieFramePointers).path, hostile.path]
        do { try objcopy.run() } catch { try #require(Bool(false), "SKIPPED (needs objcopy from binutils): \(error)") }
        objcopy.waitUntilExit()
        try #require(objcopy.terminationStatus == 0, "objcopy --redefine-sym failed")
        let running = try PrintingStackNames(hostile)
        defer { running.finish() }
        var stack = UserStack(addresses: [try running.address("grow_table") + 3])
        StackSymbolizer().symbolize(&stack, pid: running.pid, region: running.region)
        let frame = try #require(stack.frames.first)
        #expect(frame.symbol == "grow\u{1b}[2J\ntable")
        #expect(frame.text == "grow\\e[2J\\ntable+0x3 (stack_names-hostile)")
        #expect(stack.callerNote == "← grow\\e[2J\\ntable (stack_names-hostile)")
    }
}
