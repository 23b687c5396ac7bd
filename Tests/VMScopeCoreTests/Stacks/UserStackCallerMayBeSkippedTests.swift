import Testing
import VMScopeCore

/// A frame-pointer chain whose link to frame 0 could not be checked (`callerMayBeSkipped`):
/// the `← fn` note names frame 0 when it is the program's, never a later frame.
struct UserStackCallerMayBeSkippedTests {
    let libc = StackFrame(address: 1, module: "/usr/lib/x86_64-linux-gnu/libc.so.6", moduleOffset: 0x10a3c, symbol: "mmap")
    let main = StackFrame(address: 2, module: "/usr/bin/app", moduleOffset: 0x1234, symbol: "main")
    let own = StackFrame(address: 3, module: "/usr/bin/app", moduleOffset: 0x1100, symbol: "grow_table")

    @Test func aCallerThatMayNotBeTheCallerIsNotNamed() {
        #expect(UserStack(addresses: [1, 2], frames: [libc, main]).callerNote == "← main (app)")
        #expect(UserStack(addresses: [1, 2], frames: [libc, main], callerMayBeSkipped: true).callerNote == nil)
        #expect(UserStack(addresses: [3, 2], frames: [own, main], callerMayBeSkipped: true).callerNote == "← grow_table (app)")
    }
}
