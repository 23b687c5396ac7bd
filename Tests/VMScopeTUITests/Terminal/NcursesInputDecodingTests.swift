import Testing
@testable import VMScopeTUI

/// Key codes are the numbers curses.h defines (octal there), written out so a mismatch between
/// the decoder and the header would show.
@Suite struct NcursesInputDecodingTests {
    @Test(arguments: [
        (0o403 as Int32, Key.up), (0o402, .down), (0o404, .left), (0o405, .right),
        (0o523, .pageUp), (0o522, .pageDown),
        (0o406, .home), (0o534, .home), (0o552, .home),
        (0o550, .end), (0o537, .end), (0o601, .end),
        (0o541, .backTab), (0o527, .enter), (0o407, .backspace), (0o512, .delete), (0o513, .insert),
        (0o411, .function(1)), (0o422, .function(10)), (0o414, .function(4)),
    ])
    func functionKeys(code: Int32, key: Key) {
        #expect(KeyDecoder.key(forKeyCode: code) == key)
    }

    @Test func unknownFunctionKeyIsKept() {
        #expect(KeyDecoder.key(forKeyCode: 0o777) == .unknown(0o777))
    }

    @Test(arguments: [
        (UInt32(0x09), Key.tab), (0x0A, .enter), (0x0D, .enter), (0x1B, .escape),
        (0x7F, .backspace), (0x08, .backspace),
        (0x0C, .control("l")), (0x01, .control("a")), (0x1A, .control("z")),
        (0x71, .character("q")), (0x3F, .character("?")), (0x20, .character(" ")),
        (0xE9, .character("é")), (0x6F22, .character("漢")), (0x1F600, .character("😀")),
    ])
    func characters(value: UInt32, key: Key) {
        #expect(KeyDecoder.key(forCharacter: value) == key)
    }

    @Test(arguments: [UInt32(0), 0x1C, 0x1F, 0x85, 0x9B, 0xD800, 0x110000])
    func controlsAndNonCharactersAreNeverPrintable(value: UInt32) {
        if case .character = KeyDecoder.key(forCharacter: value) {
            Issue.record("U+\(String(value, radix: 16)) decoded as a printable character")
        }
    }

    /// ncurses mouse version 2: button b's event m is m << ((b - 1) * 5); PRESSED = 2,
    /// RELEASED = 1, CLICKED = 4.
    @Test func mouseButtons() {
        #expect(KeyDecoder.mouseKind(buttonState: 0x2) == .click)
        #expect(KeyDecoder.mouseKind(buttonState: 0x4) == .click)
        #expect(KeyDecoder.mouseKind(buttonState: 0x2 << 15) == .wheelUp)
        #expect(KeyDecoder.mouseKind(buttonState: 0x2 << 20) == .wheelDown)
        #expect(KeyDecoder.mouseKind(buttonState: 0x1) == nil) // release
        #expect(KeyDecoder.mouseKind(buttonState: 0) == nil)
    }

    @Test func mouseMaskAsksForClicksAndWheel() {
        let mask = KeyDecoder.mouseMask
        #expect(mask & 0x2 != 0)
        #expect(mask & (0x2 << 15) != 0)
        #expect(mask & (0x2 << 20) != 0)
    }
}
