import Testing
import VMScopeCore

@Suite("Stack frame text")
struct StackFrameTextTests {
    let app = StackFrame(address: 0x5555_5555_51a3, module: "/home/u/app", moduleOffset: 0x11a3,
                         symbol: "grow_table", symbolOffset: 0x1a)
    let libc = StackFrame(address: 0x7f00_0001_0a3c, module: "/usr/lib/x86_64-linux-gnu/libc.so.6", moduleOffset: 0x10a3c)

    @Test func symbolizedFrameNamesFunctionOffsetAndFile() {
        #expect(app.text == "grow_table+0x1a (app)")
        #expect(app.briefText == "grow_table (app)")
    }

    @Test func frameWithoutSymbolIsModulePlusOffset() {
        #expect(libc.text == "libc.so.6+0x10a3c")
        #expect(libc.briefText == "libc.so.6+0x10a3c")
    }

    @Test func frameInNoFileIsTheBareAddress() {
        let frame = StackFrame(address: 0x7f12_3456_7890)
        #expect(frame.text == "0x7f1234567890")
        #expect(frame.briefText == nil)
    }

    @Test func hostileNamesAreEscaped() {
        let frame = StackFrame(address: 1, module: "/tmp/ev\u{1b}[2Jil", moduleOffset: 0,
                               symbol: "f\n\u{1b}]0;pwned\u{07}", symbolOffset: 2)
        #expect(frame.text == "f\\n\\e]0;pwned\\x07+0x2 (ev\\e[2Jil)")
        #expect(!frame.text.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func interestingFrameSkipsRuntimeLibrariesAndFramesInNoFile() {
        let loader = StackFrame(address: 3, module: "/lib64/ld-linux-x86-64.so.2", moduleOffset: 3)
        let stdcxx = StackFrame(address: 4, module: "/usr/lib/libstdc++.so.6", moduleOffset: 4)
        let jemalloc = StackFrame(address: 5, module: "/usr/lib/libjemalloc.so.2", moduleOffset: 5)
        let astray = StackFrame(address: 6)
        let stack = UserStack(addresses: [1, 2, 3, 4, 5, 6, 7], frames: [libc, loader, stdcxx, jemalloc, astray, app, libc])
        #expect(stack.interestingFrame == app)
        #expect(stack.callerNote == "← grow_table (app)")
    }

    @Test func noInterestingFrameWhenOnlyTheCLibraryOrNothingResolved() {
        #expect(UserStack(addresses: [1], frames: [libc]).interestingFrame == nil)
        #expect(UserStack(addresses: [1, 2]).interestingFrame == nil)
        #expect(UserStack(addresses: [1], frames: [StackFrame(address: 1)]).callerNote == nil)
    }

    @Test func anUnsymbolizedProgramFrameIsStillNamedByModuleAndOffset() {
        let stripped = StackFrame(address: 9, module: "/opt/app", moduleOffset: 0x1234)
        #expect(UserStack(addresses: [1, 9], frames: [libc, stripped]).callerNote == "← app+0x1234")
    }

    @Test func runtimeLibraryNames() {
        for name in ["libc.so.6", "libc-2.31.so", "libc.musl-x86_64.so.1", "ld-linux-x86-64.so.2", "ld-musl-x86_64.so.1",
                     "libstdc++.so.6", "libjemalloc.so.2", "libtcmalloc_minimal.so.4", "libmimalloc.so.2"] {
            let frame = StackFrame(address: 1, module: "/lib/" + name, moduleOffset: 0)
            #expect(UserStack(addresses: [1], frames: [frame]).interestingFrame == nil, "\(name)")
        }
        for name in ["libcrypto.so.3", "libcurl.so.4", "app", "libcx.so"] {
            let frame = StackFrame(address: 1, module: "/lib/" + name, moduleOffset: 0)
            #expect(UserStack(addresses: [1], frames: [frame]).interestingFrame != nil, "\(name)")
        }
    }

    @Test func theDiffsCauseNamesTheInterestingFrame() {
        let stack = UserStack(addresses: [1, 2], frames: [libc, app])
        #expect(StackFrameLabel.label(for: stack) == "grow_table+0x1a (app)")
        // Only runtime frames: the innermost, as before.
        #expect(StackFrameLabel.label(for: UserStack(addresses: [1], frames: [libc])) == "libc.so.6+0x10a3c")
    }
}
